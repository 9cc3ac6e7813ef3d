"""Sessions: Django's database store renewed in one statement, and ending a person's sessions.

Sessions are saved on every request (SESSION_SAVE_EVERY_REQUEST: the 30-minute idle expiry moves
forward with activity). Two savings keep that off most pages' bill:
- Django's database store wraps the renewal in its own transaction (BEGIN, UPDATE, COMMIT: three
  round trips); a single UPDATE is atomic on its own, so this store sends just the UPDATE.
- A session whose data did not change and whose expiry was pushed forward less than
  RENEWAL_STEP_SECONDS ago is not written again: the idle expiry moves in steps of a minute at
  most (a 30-minute idle limit ends between 29 and 30 minutes after the last page), and a page
  opened within the minute makes no write at all. Changed data is always written.
Creating a session (sign-in) is unchanged.

Django refuses an inactive user's session while the account is off, but the session itself
survives: reactivating the account would revive it. Deactivation ends them all at once.
"""

import datetime
from importlib import import_module

from django.conf import settings
from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.contrib.sessions.models import Session
from django.db import router
from django.utils import timezone

from core import audit
from core.models import AuditAction

RENEWAL_STEP_SECONDS = 60


class SessionStore(db.SessionStore):
    stored_expiry: datetime.datetime | None = None

    def _get_session_from_db(self):
        found = super()._get_session_from_db()
        self.stored_expiry = found.expire_date if found is not None else None
        return found

    def renewed_recently(self) -> bool:
        step = datetime.timedelta(seconds=RENEWAL_STEP_SECONDS)
        return self.stored_expiry is not None and self.stored_expiry > self.get_expiry_date() - step

    def save(self, must_create=False):
        if must_create or self.session_key is None:
            return super().save(must_create=must_create)
        if not self.modified and self.renewed_recently():
            return None
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
