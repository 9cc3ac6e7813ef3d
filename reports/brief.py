"""The brief: the dashboard's figures as a two-page PDF for the Advisory Committee and the sponsor.

It is drawn on the server with ReportLab (pure-Python wheels, its own fonts: no browser and no
system library). It reads the very `ShownMeasure`s the page and the CSV read, so every figure is
the published one: a hidden cell keeps its marker in the table and is missing from the chart.

Page one: title, period, whose figures, the headline figures next to the previous period's, and
the intervention measures. Page two: the other measures and the footnotes on suppression. Each
page's content is shrunk to fit its page if it is long (many units, many periods), so the brief
is always exactly two pages.
"""

from __future__ import annotations

import io
from collections.abc import Iterable
from dataclasses import dataclass
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.graphics.charts.barcharts import HorizontalBarChart, VerticalBarChart
from reportlab.graphics.charts.legends import Legend
from reportlab.graphics.shapes import Drawing
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.lib.units import mm
from reportlab.platypus import (
    BaseDocTemplate,
    Flowable,
    Frame,
    KeepInFrame,
    PageBreak,
    PageTemplate,
    Paragraph,
    Spacer,
    Table,
    TableStyle,
)

from reports import suppression
from reports.dashboard import FAMILIES, ShownMeasure

MARGIN = 14 * mm
WIDTH = A4[0] - 2 * MARGIN
HEIGHT = A4[1] - 2 * MARGIN
CHART_HEIGHT = 30 * mm
# The dashboard's palette (Okabe-Ito): distinguishable with colour-blindness.
PALETTE = [
    colors.HexColor(code)
    for code in ("#0072B2", "#D55E00", "#009E73", "#CC79A7", "#E69F00", "#56B4E9", "#000000")
]
LABEL_CHARACTERS = 30


@dataclass(frozen=True)
class Brief:
    """What the brief prints: the same objects the dashboard renders."""

    title: str
    period: str  # "January 2025 to December 2025, by year"
    place: str  # "Whole hospital" or the local lead's units
    chosen_view: str | None
    headline: list[tuple[str, str, str]]  # label, this period, the previous period
    measures: list[ShownMeasure]
    generated_on: str


def styles() -> dict[str, ParagraphStyle]:
    sheet = getSampleStyleSheet()
    body = ParagraphStyle("body", parent=sheet["BodyText"], fontSize=8, leading=10)
    return {
        "title": ParagraphStyle("title", parent=sheet["Title"], fontSize=16, alignment=0),
        "heading": ParagraphStyle("heading", parent=sheet["Heading2"], fontSize=10, spaceAfter=2),
        "body": body,
        "small": ParagraphStyle("small", parent=body, fontSize=7, leading=8.5),
    }


def table_grid(measure: ShownMeasure) -> tuple[list[list[str]], int]:
    """The measure's table as the dashboard prints it (header first) and its number of rows
    before the totals and statistics."""
    return [measure.header(), *measure.grid()], len(measure.row_labels)


def draw_table(measure: ShownMeasure, style: ParagraphStyle) -> Table:
    grid, body_rows = table_grid(measure)
    if not body_rows:
        grid.append([_("Nothing to count here."), *[""] * (len(grid[0]) - 1)])
        body_rows = 1
    cells = [[Paragraph(escape(grid[i][0]), style), *grid[i][1:]] for i in range(len(grid))]
    label_width = min(55 * mm, WIDTH * 0.4)
    other = (WIDTH - label_width) / max(1, len(grid[0]) - 1)
    table = Table(
        cells, colWidths=[label_width, *[other] * (len(grid[0]) - 1)], repeatRows=1, hAlign="LEFT"
    )
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 7),
                ("LEADING", (0, 0), (-1, -1), 8.5),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("LINEABOVE", (0, body_rows + 1), (-1, body_rows + 1), 0.6, colors.black),
                ("TOPPADDING", (0, 0), (-1, -1), 1),
                ("BOTTOMPADDING", (0, 0), (-1, -1), 1),
                ("ROWBACKGROUNDS", (0, 1), (-1, body_rows), [colors.white, colors.whitesmoke]),
            ]
        )
    )
    return table


def short(label: str) -> str:
    return label if len(label) <= LABEL_CHARACTERS else label[: LABEL_CHARACTERS - 1] + "…"


def draw_chart(measure: ShownMeasure) -> Drawing | None:
    """The measure's chart from the same data as the page's: a hidden figure is left out."""
    chart = measure.chart()
    series = [list(dataset["data"]) for dataset in chart["datasets"]]
    shown = [value for values in series for value in values if value is not None]
    if not shown or max(shown) <= 0:
        return None
    horizontal = chart["type"] == "rows"
    # A bar per row needs room for its label: 3 mm a row, never less than the other charts.
    height = max(CHART_HEIGHT, (6 + 3 * len(chart["labels"])) * mm) if horizontal else CHART_HEIGHT
    drawing = Drawing(WIDTH, height)
    bars = HorizontalBarChart() if horizontal else VerticalBarChart()
    bars.data = [tuple(values) for values in series]
    bars.categoryAxis.categoryNames = [short(label) for label in chart["labels"]]
    bars.categoryAxis.labels.fontSize = 6
    bars.valueAxis.labels.fontSize = 6
    bars.valueAxis.valueMin = 0
    bars.valueAxis.forceZero = 1
    legend_width = 0 if horizontal or len(series) < 2 else 45 * mm
    if horizontal:
        bars.x, bars.y = 48 * mm, 4 * mm
        bars.width, bars.height = WIDTH - 52 * mm, height - 6 * mm
        bars.categoryAxis.reverseDirection = 1  # first row on top, as in the table
    else:
        bars.x, bars.y = 10 * mm, 8 * mm
        bars.width = WIDTH - 12 * mm - legend_width
        bars.height = CHART_HEIGHT - 10 * mm
        bars.categoryAxis.style = "stacked"
        bars.categoryAxis.labels.angle = 30 if len(chart["labels"]) > 6 else 0
        bars.categoryAxis.labels.boxAnchor = "ne" if len(chart["labels"]) > 6 else "n"
    for index in range(len(series)):
        bars.bars[index].fillColor = PALETTE[0 if horizontal else index % len(PALETTE)]
        bars.bars[index].strokeColor = None
    drawing.add(bars)
    if legend_width:
        legend = Legend()
        legend.x, legend.y = WIDTH - legend_width + 2 * mm, CHART_HEIGHT - 2 * mm
        legend.fontSize = 6
        legend.dx = legend.dy = 5
        legend.alignment = "right"
        legend.colorNamePairs = [
            (PALETTE[index % len(PALETTE)], short(dataset["label"]))
            for index, dataset in enumerate(chart["datasets"])
        ]
        drawing.add(legend)
    return drawing


def measure_flowables(measure: ShownMeasure, style: dict) -> list[Flowable]:
    """A measure's title, its chart and its table beneath."""
    parts: list[Flowable] = [Paragraph(escape(measure.title), style["heading"])]
    drawing = draw_chart(measure)
    if drawing is not None:
        parts.append(drawing)
    parts += [draw_table(measure, style["small"]), Spacer(1, 3 * mm)]
    return parts


def headline_table(brief: Brief, style: dict) -> Table:
    rows = [
        [_("Figure"), _("This period"), _("Previous period")],
        *[
            [Paragraph(escape(label), style["body"]), now, before]
            for label, now, before in brief.headline
        ],
    ]
    table = Table(rows, colWidths=[90 * mm, 35 * mm, 35 * mm], hAlign="LEFT")
    table.setStyle(
        TableStyle(
            [
                ("FONTSIZE", (0, 0), (-1, -1), 9),
                ("FONTNAME", (0, 0), (-1, 0), "Helvetica-Bold"),
                ("FONTNAME", (1, 1), (1, -1), "Helvetica-Bold"),
                ("ALIGN", (1, 0), (-1, -1), "RIGHT"),
                ("VALIGN", (0, 0), (-1, -1), "MIDDLE"),
                ("LINEBELOW", (0, 0), (-1, 0), 0.6, colors.black),
                ("BOX", (0, 0), (-1, -1), 0.4, colors.grey),
            ]
        )
    )
    return table


def footnotes(style: dict) -> list[Flowable]:
    limit = suppression.threshold()
    notes = [
        _(
            "Aggregate figures only. Periods are whole months, quarters or years; the current "
            "month is not counted until it is over. Breakdowns (by kind, category, place, role "
            "type, first contact, reason, rating, answer, course) are published by calendar "
            "year; by month or quarter only each table's total shows, and only in a year none "
            "of whose totals at that size is small."
        ),
        _("%(marker)s: a count from 1 to %(limit)s, hidden so that nobody can be recognised.")
        % {"marker": suppression.marker(), "limit": limit},
        _(
            "%(marker)s: hidden to protect a small number elsewhere in the same line, or not "
            "published at this period size (it may itself be small or large)."
        )
        % {"marker": suppression.protecting_marker()},
        _(
            "%(marker)s: a median, percentile, share or mean not shown: it rests on fewer than "
            "%(limit)s people, or would give a hidden number away."
        )
        % {"marker": suppression.statistic_marker(), "limit": limit},
        _("Charts leave hidden figures out; they never draw a hidden figure as the threshold."),
    ]
    return [
        Paragraph(_("Notes on hidden figures"), style["heading"]),
        *[Paragraph(escape(note), style["small"]) for note in notes],
    ]


def fit(flowables: list[Flowable]) -> KeepInFrame:
    """One page: the content as it is, or shrunk to the page if it is longer."""
    return KeepInFrame(WIDTH, HEIGHT, flowables, mode="shrink", hAlign="LEFT", vAlign="TOP")


def render(brief: Brief) -> bytes:
    """The two-page PDF of `brief`."""
    style = styles()
    intervention = [m for m in brief.measures if m.key in FAMILIES]
    others = [m for m in brief.measures if m.key not in FAMILIES]
    first: list[Flowable] = [
        Paragraph(escape(brief.title), style["title"]),
        Paragraph(escape(f"{brief.period}. {brief.place}"), style["body"]),
    ]
    if brief.chosen_view:
        first.append(Paragraph(escape(brief.chosen_view), style["small"]))
    first += [
        Paragraph(escape(_("Produced on %(day)s.") % {"day": brief.generated_on}), style["small"]),
        Spacer(1, 3 * mm),
        Paragraph(_("At a glance"), style["heading"]),
        headline_table(brief, style),
        Spacer(1, 4 * mm),
        *[part for m in intervention for part in measure_flowables(m, style)],
    ]
    second: list[Flowable] = [
        *[part for m in others for part in measure_flowables(m, style)],
        *footnotes(style),
    ]
    stream = io.BytesIO()
    document = BaseDocTemplate(
        stream,
        pagesize=A4,
        leftMargin=MARGIN,
        rightMargin=MARGIN,
        topMargin=MARGIN,
        bottomMargin=MARGIN,
        title=brief.title,
        author=_("Peer Support"),
        subject=brief.period,
    )
    frame = Frame(
        MARGIN, MARGIN, WIDTH, HEIGHT, leftPadding=0, rightPadding=0, topPadding=0, bottomPadding=0
    )
    document.addPageTemplates([PageTemplate(id="page", frames=[frame], onPage=page_number)])
    document.build([fit(first), PageBreak(), fit(second)])
    return stream.getvalue()


def page_number(canvas, document) -> None:
    canvas.saveState()
    canvas.setFont("Helvetica", 7)
    canvas.drawRightString(
        A4[0] - MARGIN,
        MARGIN / 2,
        _("Page %(page)s of 2") % {"page": document.page},
    )
    canvas.restoreState()


def headline_with_previous(
    now: Iterable[tuple[str, str]], before: Iterable[tuple[str, str]]
) -> list[tuple[str, str, str]]:
    """Pair each headline figure with the previous period's same figure (or "" if it has none)."""
    previous = dict(before)
    return [(label, value, previous.get(label, "")) for label, value in now]
