"""The dashboard benchmark fills fake interventions and prints one JSON line and a table row."""

import json

import pytest
from django.core.management import CommandError, call_command

from support_requests.models import Intervention


def test_bench_fills_the_database_and_times_the_dashboard(db, capsys, settings):
    settings.DEBUG = True
    call_command("bench_dashboard", interventions=60)
    lines = capsys.readouterr().out.strip().splitlines()
    result = json.loads(lines[0])
    assert result["interventions"] == 60 == Intervention.objects.count()
    assert result["runs"] == 20
    assert result["median_ms"] > 0 and result["p95_ms"] >= result["median_ms"]
    assert result["queries"] > 0
    assert lines[1].startswith("| reports dashboard | 60 |")


def test_bench_refuses_to_write_fake_rows_with_debug_off(db, settings):
    settings.DEBUG = False
    with pytest.raises(CommandError):
        call_command("bench_dashboard", interventions=10)
    assert not Intervention.objects.exists()
