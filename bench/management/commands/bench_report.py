"""Reads the JSON lines of `bench` (several sizes, several runs) and prints the table and verdicts.

Per page and size: the median over the runs of each run's p95 and of each run's median (the
machine is noisy; BENCH_REPEAT runs per size), and the query count, which must be the same in
every run and at every size. Then each list page's median as a multiple of the bare read view's,
and the verdicts: query counts flat, p95 growth from the smallest to the largest size at most
GROWTH_TARGET, list pages within BARE_READ_RATIO_TARGET of the bare read, and the pages' own
query and median budgets.
"""

import json
import statistics
from collections import defaultdict

from django.core.management.base import BaseCommand

from bench.management.commands.bench import BARE_READ, BARE_READ_RATIO_TARGET, GROWTH_TARGET


class Command(BaseCommand):
    help = "Print the benchmark table: p95 and median per size, query counts, verdicts."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        runs = defaultdict(lambda: defaultdict(list))  # page -> size -> [result of each run]
        throughput = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    result = json.loads(line)
                    if result["page"] == "throughput":
                        throughput.append(result)
                    else:
                        runs[result["page"]][result["size"]].append(result)
        sizes = sorted({size for by_size in runs.values() for size in by_size})
        rows = {
            page: {size: summarise(results) for size, results in by_size.items()}
            for page, by_size in runs.items()
        }
        checks: dict[str, list[str]] = {
            "query counts identical at all sizes and runs": [],
            f"p95 at {sizes[-1]} at most {GROWTH_TARGET}x p95 at {sizes[0]}": [],
            f"list pages' median at most {BARE_READ_RATIO_TARGET}x the bare read's": [],
            "pages' own query and median budgets": [],
        }
        flat, growth, ratio, budgets = checks.values()
        self.table(rows, sizes, flat, growth, budgets)
        self.ratios(rows, sizes, ratio)
        for result in throughput:
            self.throughput(result)
        self.stdout.write("")
        for check, problems in checks.items():
            verdict = "yes" if not problems else "NO: " + "; ".join(problems)
            self.stdout.write(f"{check}: {verdict}")
        failed = sum(1 for problems in checks.values() if problems)
        runs_per_size = max(len(r) for by_size in runs.values() for r in by_size.values())
        self.stdout.write(
            f"VERDICT ({runs_per_size} run(s) per size): "
            + ("PASS" if not failed else f"FAIL ({failed} of {len(checks)} checks)")
        )

    def table(self, rows, sizes, flat, growth, budgets):
        header = (
            f"{'page':<18}"
            + "".join(f"{f'p95@{s}':>12}{'med':>7}{'q':>4}" for s in sizes)
            + f"{'p95 budget':>11}  notes"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page, by_size in rows.items():
            cells, notes = "", []
            measured = []
            for size in sizes:
                row = by_size.get(size)
                if row is None or row.get("error"):
                    cells += f"{'-':>12}{'-':>7}{'-':>4}"
                    notes.append(f"{size}: {row['error'] if row else 'not run'}")
                    continue
                measured.append(row)
                queries = "/".join(str(q) for q in row["queries"])
                cells += f"{row['p95_ms']:>12.1f}{row['median_ms']:>7.1f}{queries:>4}"
                if row["p95_ms"] > row["budget_ms"]:
                    notes.append(f"p95 over {row['budget_ms']} ms at {size}")
                if max(row["queries"]) > row["query_budget"]:
                    budgets.append(f"{page} {max(row['queries'])} queries > {row['query_budget']}")
                median_budget = row.get("median_budget_ms")
                if median_budget and size == sizes[-1] and row["median_ms"] > median_budget:
                    budgets.append(f"{page} median {row['median_ms']:.1f} ms > {median_budget}")
            if len({q for row in measured for q in row["queries"]}) > 1:
                flat.append(page)
            if (
                len(measured) >= 2
                and measured[-1]["p95_ms"] > GROWTH_TARGET * measured[0]["p95_ms"]
            ):
                grown = measured[-1]["p95_ms"] / measured[0]["p95_ms"]
                growth.append(f"{page} {grown:.1f}x")
                notes.append(f"p95 grows {grown:.1f}x")
            budget = next(iter(by_size.values())).get("budget_ms", "")
            self.stdout.write(f"{page:<18}{cells}{budget:>11}  {'; '.join(notes) or 'ok'}")

    def ratios(self, rows, sizes, ratio):
        bare = rows.get(BARE_READ, {})
        self.stdout.write("")
        self.stdout.write("median as a multiple of the bare read view's (one SELECT of 25 rows)")
        self.stdout.write(f"{'page':<18}" + "".join(f"{f'@{s}':>10}" for s in sizes))
        for page, by_size in rows.items():
            if page == BARE_READ or not any(r.get("is_list") for r in by_size.values()):
                continue
            cells = ""
            for size in sizes:
                row, base = by_size.get(size), bare.get(size)
                if not row or not base or row.get("error") or base.get("error"):
                    cells += f"{'-':>10}"
                    continue
                multiple = row["median_ms"] / base["median_ms"]
                cells += f"{multiple:>9.1f}x"
                if multiple > BARE_READ_RATIO_TARGET:
                    ratio.append(f"{page} {multiple:.1f}x at {size}")
            self.stdout.write(f"{page:<18}{cells}")

    def throughput(self, result):
        verdict = "ok" if result["within_budget"] else "below target"
        if result["bare_errors"] or result["intake_errors"]:
            verdict += (
                f" ({result['bare_errors']} bare and {result['intake_errors']} intake errors)"
            )
        self.stdout.write(
            f"intake throughput at {result['size']} ({result['vendor']}, gunicorn, "
            f"{result['threads']} threads): {result['intake_per_second']}/s vs bare insert "
            f"{result['bare_per_second']}/s = {result['ratio']:.2f} "
            f"(target >= {result['target']}): {verdict}"
        )


def summarise(results: list[dict]) -> dict:
    """One page at one size over the runs: medians of the p95s and of the medians."""
    good = [r for r in results if "error" not in r]
    if not good:
        return {"error": results[0].get("error", "no result")}
    first = good[0]
    return {
        "p95_ms": statistics.median(r["p95_ms"] for r in good),
        "median_ms": statistics.median(r["median_ms"] for r in good),
        "queries": sorted({r["queries"] for r in good}),
        "budget_ms": first["budget_ms"],
        "query_budget": first.get("query_budget", 14),
        "median_budget_ms": first.get("median_budget_ms"),
        "is_list": first.get("is_list", False),
    }
