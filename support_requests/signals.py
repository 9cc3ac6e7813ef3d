"""What other apps may follow about the long-term intervention facts.

`interventions_changed` is sent inside the transaction that changed or deleted existing
interventions, with `months`: dates or aware times within the months concerned. New
interventions need no signal (the reports find them by their ids); a correction or a deletion
does, or the reports' monthly rollups would show the old figure until their next rebuild.
"""

from django.dispatch import Signal

interventions_changed = Signal()
