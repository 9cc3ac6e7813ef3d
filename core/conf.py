"""The program's tunable settings (the PEERSUPPORT dict of settings.py), read with their type."""

from typing import TypeVar, cast

from django.conf import settings

T = TypeVar("T")


def program_setting(name: str, default: T) -> T:
    """settings.PEERSUPPORT[name] if set, else `default`; typed as the default is."""
    return cast(T, settings.PEERSUPPORT.get(name, default))
