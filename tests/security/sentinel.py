"""A sentinel check of everything that leaves a request besides its page.

    with watch_for("SENTINEL-…") as seen:
        client.post(...)          # a flow that handles the sentinel as free text
    # on leaving the block: on-commit callbacks run (tasks execute eagerly, mail is sent), then
    # the sentinel must appear in no log record, no mail (subject, body, alternatives,
    # attachments, headers), no Celery task argument and no cache write; and every task argument
    # must be an id (an int).

`seen` holds what was captured (seen.logs, seen.mails, seen.tasks, seen.cache_writes) for further
assertions, and `seen.add(where, text)` checks more text on exit (a Location header, a URL).
`allowed_in_mail` takes functions mail_text -> mail_text that strip what mail may carry (e.g. a
greeting line with the recipient's first name) before the check.
"""

from __future__ import annotations

import logging
import traceback
from collections.abc import Callable, Iterator
from contextlib import ExitStack, contextmanager
from dataclasses import dataclass, field
from unittest import mock

from celery.app.task import Task
from django.core import mail
from django.core.cache import caches
from django.test import TestCase

import core.queue


class _Capture(logging.Handler):
    def __init__(self, sink: list[str]):
        super().__init__(level=logging.NOTSET)
        self.sink = sink
        self.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s"))

    def emit(self, record: logging.LogRecord) -> None:
        text = self.format(record)  # the message with its arguments, and any traceback
        if record.exc_info and record.exc_info[1] is not None:
            text += "\n" + "".join(traceback.format_exception(*record.exc_info))
        request = getattr(record, "request", None)
        if request is not None and hasattr(request, "POST"):
            # What an error report (AdminEmailHandler, Sentry) would show of the request's form:
            # the POST as filtered by sensitive_post_parameters.
            from django.views.debug import get_default_exception_reporter_filter

            reporter = get_default_exception_reporter_filter()
            text += f"\nPOST {dict(reporter.get_post_parameters(request))!r}"
            text += f"\nURL {request.get_full_path()}"
        self.sink.append(f"{text} {record.args!r}")


@dataclass
class Seen:
    sentinels: tuple[str, ...]
    allowed_in_mail: tuple[Callable[[str], str], ...] = ()
    logs: list[str] = field(default_factory=list)
    mails: list = field(default_factory=list)
    tasks: list[tuple[str, tuple, dict]] = field(default_factory=list)  # every apply_async
    queued: list[tuple[str, tuple]] = field(default_factory=list)  # via core.queue
    cache_writes: list[tuple[str, str]] = field(default_factory=list)
    extra: list[tuple[str, str]] = field(default_factory=list)

    def add(self, where: str, text: str) -> None:
        self.extra.append((where, text))

    def mail_texts(self) -> Iterator[tuple[str, str]]:
        for index, message in enumerate(self.mails):
            parts = [message.subject, message.body, repr(message.to), repr(message.extra_headers)]
            parts += [content for content, _type in getattr(message, "alternatives", [])]
            for attachment in message.attachments:
                content = attachment[1] if isinstance(attachment, tuple) else attachment
                parts.append(
                    content.decode(errors="replace") if isinstance(content, bytes) else str(content)
                )
            text = "\n".join(str(part) for part in parts)
            for allow in self.allowed_in_mail:
                text = allow(text)
            yield f"mail #{index} to {message.to}", text

    def texts(self) -> Iterator[tuple[str, str]]:
        for line in self.logs:
            yield "log record", line
        yield from self.mail_texts()
        for name, args, kwargs in self.tasks:
            yield f"task {name}", repr((args, kwargs))
        for key, value in self.cache_writes:
            yield f"cache key {key}", f"{key} {value}"
        yield from self.extra

    def assert_clean(self) -> None:
        for where, text in self.texts():
            for sentinel in self.sentinels:
                assert sentinel not in text, f"the sentinel {sentinel!r} reached {where}"
        for name, args in self.queued:
            assert all(type(arg) is int for arg in args), f"task {name} takes ids only: {args!r}"
        for name, args, kwargs in self.tasks:
            assert not kwargs and all(type(arg) is int for arg in args or ()), (
                f"task {name} takes ids only: {args!r} {kwargs!r}"
            )


@contextmanager
def watch_for(*sentinels: str, allowed_in_mail: tuple[Callable[[str], str], ...] = ()):
    """Capture logs, mail, task arguments and cache writes; on exit, the sentinels are in none."""
    assert sentinels and all(sentinels), "give at least one non-empty sentinel"
    seen = Seen(sentinels=sentinels, allowed_in_mail=allowed_in_mail)
    handler = _Capture(seen.logs)
    # Loggers that do not propagate to the root get the handler too.
    loggers = [logging.getLogger()] + [
        logger
        for logger in logging.root.manager.loggerDict.values()
        if isinstance(logger, logging.Logger) and not logger.propagate
    ]
    outbox_start = len(getattr(mail, "outbox", []))
    cache = caches["default"]
    original_enqueue_now = core.queue.enqueue_now

    def recording_enqueue_now(task, *ids):
        seen.queued.append((task.name, ids))
        return original_enqueue_now(task, *ids)

    def eager_apply_async(task, args=None, kwargs=None, **options):
        seen.tasks.append((task.name, tuple(args or ()), dict(kwargs or {})))
        return task.apply(args=args, kwargs=kwargs, throw=True)  # run here, as a worker would

    def recording(method_name: str):
        original = getattr(cache, method_name)

        def wrapper(*args, **kwargs):
            if method_name == "set_many":
                for key, value in args[0].items():
                    seen.cache_writes.append((str(key), repr(value)))
            else:
                seen.cache_writes.append((str(args[0]), repr(args[1:]) + repr(kwargs)))
            return original(*args, **kwargs)

        return wrapper

    with ExitStack() as stack:
        for logger in loggers:
            logger.addHandler(handler)
            stack.callback(logger.removeHandler, handler)
        stack.enter_context(mock.patch.object(core.queue, "enqueue_now", recording_enqueue_now))
        stack.enter_context(mock.patch.object(Task, "apply_async", eager_apply_async))
        for method_name in ("set", "add", "set_many"):
            stack.enter_context(mock.patch.object(cache, method_name, recording(method_name)))
        # Run what the flow queued on commit when the block ends (tests run inside a transaction).
        with TestCase.captureOnCommitCallbacks(execute=True):
            yield seen
        seen.mails.extend(getattr(mail, "outbox", [])[outbox_start:])
    seen.assert_clean()
