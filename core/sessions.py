"""Sessions: Django's database store renewed in one statement, and ending a person's sessions.

Sessions are saved on every request (the 30-minute idle expiry moves forward each time), so the
save is on every page. Django's database store wraps that UPDATE in its own transaction (BEGIN,
UPDATE, COMMIT: three round trips); a single UPDATE is atomic on its own, so this store sends
just the UPDATE. Creating a session (sign-in) is unchanged.

Django refuses an inactive user's session while the account is off, but the session itself
survives: reactivating the account would revive it. Deactivation ends them all at once.
"""

from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from core import audit
from core.models import AuditAction


class SessionStore(db.SessionStore):
    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        obj = self.create_model_instance(self._get_session())
        using = router.db_for_write(self.model, instance=obj)
        renewed = (
            self.model.objects.using(using)
            .filter(session_key=obj.session_key)
            .update(session_data=obj.session_data, expire_date=obj.expire_date)
        )
        if not renewed:  # deleted meanwhile (signed out elsewhere): as Django's own store
            raise UpdateError


def end_sessions_of(user) -> int:
    """Delete every live session of this person (database sessions); returns how many."""
    engine = import_module(settings.SESSION_ENGINE)
    ended = 0
    for session in Session.objects.filter(expire_date__gt=timezone.now()).iterator():
        if str(session.get_decoded().get("_auth_user_id")) == str(user.pk):
            engine.SessionStore(session_key=session.session_key).delete()
            ended += 1
    audit.record(
        action=AuditAction.ROLE_CHANGE, object_type="user", object_id=user.pk, detail="deactivated"
    )
    return ended
