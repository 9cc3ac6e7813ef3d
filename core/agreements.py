"""The confidentiality agreement is signed once: on the roster when a nominee accepts, or in
governance when a supporter acknowledges the policy. Both record the same fact.

The roster sits below governance, so it cannot write a policy acknowledgement itself: governance
registers a recorder here, and the roster calls `agreement_signed` when a person signs.
"""

from __future__ import annotations

from collections.abc import Callable

Recorder = Callable[[object], None]
_RECORDERS: list[Recorder] = []


def register_agreement_recorder(recorder: Recorder) -> None:
    """Add what else must be written when someone signs (called from an app's `ready`)."""
    if recorder not in _RECORDERS:
        _RECORDERS.append(recorder)


def agreement_signed(user) -> None:
    """Tell every registered recorder that `user` signed the current agreement (inside the
    caller's transaction)."""
    for recorder in _RECORDERS:
        recorder(user)
