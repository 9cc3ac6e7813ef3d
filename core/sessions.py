"""The session store: Django's database sessions, renewed in one statement.

Sessions are saved on every request (the 30-minute idle expiry moves forward each time), so the
save is on every page. Django's database store wraps that UPDATE in its own transaction (BEGIN,
UPDATE, COMMIT: three round trips); a single UPDATE is atomic on its own, so this store sends
just the UPDATE. Creating a session (sign-in) is unchanged.
"""

from django.contrib.sessions.backends import db
from django.contrib.sessions.backends.base import UpdateError
from django.db import router


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
