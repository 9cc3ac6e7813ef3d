"""A mail backend for fault tests: signals that sending started, waits, then writes the mail file."""

import os
import pathlib
import time

from django.core.mail.backends.filebased import EmailBackend


class SlowFileBackend(EmailBackend):
    def send_messages(self, email_messages):
        pathlib.Path(os.environ["SLOW_MAIL_MARKER"]).touch()
        time.sleep(float(os.environ.get("SLOW_MAIL_SECONDS", "8")))
        return super().send_messages(email_messages)
