"""Reads the JSON lines of `bench` at several sizes and prints the table with the budgets (issue 9)."""

import json
from collections import defaultdict

from django.core.management.base import BaseCommand
from peersupport.management.commands.bench import QUERY_BUDGET


class Command(BaseCommand):
    help = "Print the benchmark table: p95 per size, query counts, and each budget's verdict."

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        rows = defaultdict(dict)
        throughput = []
        with open(path, encoding="utf-8") as handle:
            for line in handle:
                if line.strip():
                    result = json.loads(line)
                    if result["page"] == "throughput":
                        throughput.append(result)
                    else:
                        rows[result["page"]][result["size"]] = result
        sizes = sorted({size for by_size in rows.values() for size in by_size})
        header = (
            f"{'page':<18}"
            + "".join(f"{f'p95@{s}':>12}{'med':>7}{'q':>4}" for s in sizes)
            + f"{'budget':>8}  verdict"
        )
        self.stdout.write(header)
        self.stdout.write("-" * len(header))
        for page, by_size in rows.items():
            cells, problems = "", []
            for size in sizes:
                result = by_size.get(size, {})
                if "error" in result or not result:
                    cells += f"{'-':>12}{'-':>7}{'-':>4}"
                    problems.append(f"{size}: {result.get('error', 'not run')}")
                    continue
                cells += (
                    f"{result['p95_ms']:>12.1f}{result['median_ms']:>7.1f}{result['queries']:>4}"
                )
                if result["p95_ms"] > result["budget_ms"]:
                    problems.append(f"p95 over {result['budget_ms']} ms at {size}")
                if result["queries"] >= QUERY_BUDGET:
                    problems.append(f"{result['queries']} queries at {size}")
            measured = [by_size[s] for s in sizes if s in by_size and "error" not in by_size[s]]
            if len({r["queries"] for r in measured}) > 1:
                problems.append("query count changes with size")
            if len(measured) >= 2 and measured[-1]["p95_ms"] > 1.5 * measured[0]["p95_ms"]:
                problems.append(f"p95 grows {measured[-1]['p95_ms'] / measured[0]['p95_ms']:.1f}x")
            budget = next(iter(by_size.values())).get("budget_ms", "")
            self.stdout.write(
                f"{page:<18}{cells}{budget:>8}  {'ok' if not problems else '; '.join(problems)}"
            )
        for result in throughput:
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
