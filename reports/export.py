"""The CSV export: long format, exactly the figures the dashboard shows."""

from __future__ import annotations

import csv
from collections.abc import Iterable

from reports.dashboard import ShownMeasure

HEADER = ["measure", "period", "dimension", "value"]
# A spreadsheet runs a cell starting with one of these as a formula (CSV injection).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def spreadsheet_safe(text: str) -> str:
    """Quote a cell a spreadsheet would otherwise run as a formula."""
    return f"'{text}" if text.startswith(FORMULA_STARTS) else text


def write_csv(measures: Iterable[ShownMeasure], stream) -> int:
    """Write the header and one row per shown figure; return the number of figures."""
    writer = csv.writer(stream)
    writer.writerow(HEADER)
    written = 0
    for measure in measures:
        for period, dimension, value in measure.figures():
            writer.writerow(
                [spreadsheet_safe(str(cell)) for cell in (measure.key, period, dimension, value)]
            )
            written += 1
    return written
