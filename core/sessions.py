"""Ending a person's sessions: a deactivated account must not come back to life signed in.

Django refuses an inactive user's session while the account is off, but the session itself
survives: reactivating the account would revive it. Deactivation ends them all at once.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.models import Session
from django.utils import timezone

from core import audit


def end_sessions_of(user) -> int:
    """Delete every live session of this person (database sessions); returns how many."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    audit.record(action="role_change", object_type="user", object_id=user.pk, detail="deactivated")
    return ended
