"""The benchmark's report: medians over runs, and verdicts that fail when they should."""

import json

from django.core.management import call_command


def line(page, size, run, *, p95, median, queries, is_list=True, **extra):
    return json.dumps(
        {
            "page": page,
            "size": size,
            "run": run,
            "p95_ms": p95,
            "median_ms": median,
            "queries": queries,
            "budget_ms": 50,
            "query_budget": 14,
            "median_budget_ms": None,
            "is_list": is_list,
            **extra,
        }
    )


def report(tmp_path, lines) -> str:
    path = tmp_path / "bench.jsonl"
    path.write_text("\n".join(lines) + "\n")
    out = tmp_path / "out.txt"
    with out.open("w") as handle:
        call_command("bench_report", str(path), stdout=handle)
    return out.read_text()


def steady(page, *, median, queries=9, is_list=True):
    return [
        line(page, size, run, p95=median * 1.2, median=median, queries=queries, is_list=is_list)
        for size in (1000, 100000)
        for run in (1, 2, 3)
    ]


def test_a_flat_fast_benchmark_passes(tmp_path):
    text = report(
        tmp_path, steady("bare read", median=4, is_list=False) + steady("triage queue", median=9)
    )
    assert "VERDICT (3 run(s) per size): PASS" in text
    assert "2.2x" in text  # 9 / 4


def test_the_report_takes_the_median_of_the_runs_p95(tmp_path):
    lines = steady("bare read", median=4, is_list=False) + [
        line("triage queue", size, run, p95=p95, median=8, queries=9)
        for size in (1000, 100000)
        for run, p95 in ((1, 10.0), (2, 90.0), (3, 11.0))  # one run hit by a load spike
    ]
    text = report(tmp_path, lines)
    assert "VERDICT (3 run(s) per size): PASS" in text
    assert "11.0" in text and "90.0" not in text


def test_a_query_count_that_changes_with_size_fails(tmp_path):
    lines = steady("bare read", median=4, is_list=False) + [
        line("triage queue", size, 1, p95=10, median=8, queries=9 if size == 1000 else 10)
        for size in (1000, 100000)
    ]
    text = report(tmp_path, lines)
    assert "query counts identical at all sizes and runs: NO: triage queue" in text
    assert "FAIL" in text


def test_growth_and_distance_to_the_bare_read_fail(tmp_path):
    lines = steady("bare read", median=4, is_list=False) + [
        line("triage queue", 1000, 1, p95=10, median=8, queries=9),
        line("triage queue", 100000, 1, p95=20, median=16, queries=9),
    ]
    text = report(tmp_path, lines)
    assert "NO: triage queue 2.0x" in text  # p95 growth
    assert "triage queue 4.0x at 100000" in text  # 16 / 4
    assert "FAIL (2 of 4 checks)" in text
