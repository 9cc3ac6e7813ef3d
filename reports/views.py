from dataclasses import replace
from functools import wraps

from django.db import transaction
from django.http import HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET

from core import audit
from core.models import AuditAction
from core.templatetags import ui
from reports import access, brief, disclosure, services, suppression
from reports.dashboard import (
    build_dashboard,
    headline,
    headline_shows,
    headline_view,
    previous_scope,
    previous_total,
)
from reports.export import write_csv
from reports.forms import ReportFilterForm
from reports.measures import Level, one_read
from reports.periods import COARSER, ReportRange, Size


def filters(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, today=timezone.localdate())


def coarser_view(request, measure, scope) -> dict | None:
    """A coarser view of the same filters for a mostly hidden table, and why it is hidden.

    A table of several rows is a breakdown, published by calendar year only
    (reports/disclosure.py): by month or quarter it is hidden for its period size, not for its
    numbers, and is offered the year (a quarter would hide the same rows). Otherwise the
    numbers are small: units are offered their departments, a one-row table the next size.
    """
    query = request.GET.copy()
    size = scope.range.size
    small = _("Many figures here are hidden because the numbers are small.")
    breakdown = not measure.measure.snapshot and len(measure.row_labels) > 1
    if breakdown and size in COARSER:
        query["size"] = Size.YEAR
        reason = _("These figures are published by calendar year only.")
        text = _("Show figures by year instead")
    elif measure.measure.coarser_level and scope.level == Level.UNIT:
        query["level"] = Level.DEPARTMENT
        reason, text = small, _("Count by department instead")
    elif not measure.measure.snapshot and size in COARSER:
        query["size"] = COARSER[size]
        reason = small
        text = {
            Size.QUARTER: _("Show figures by quarter instead"),
            Size.YEAR: _("Show figures by year instead"),
        }[COARSER[size]]
    else:
        return None
    return {"query": query.urlencode(), "text": text, "reason": reason}


def default_form(months: dict) -> ReportFilterForm:
    """A filter by year over the given first and last months."""
    data = {"preset": "custom", "size": "year", **months}
    return ReportFilterForm(data, today=timezone.localdate())


def default_view(unit_ids):
    """With no filter chosen: the finest view at which the headline figures all show.

    Breakdowns (and so the share within target) are published by calendar year, so the
    candidates are the last complete year, then the last three.
    """
    today = timezone.localdate()
    last = today.year - 1
    choices = [
        ({"first_month": f"{last}-01", "last_month": f"{last}-12"}, f"the year {last}"),
        ({"first_month": f"{last - 2}-01", "last_month": f"{last}-12"}, f"{last - 2} to {last}"),
    ]
    # Each candidate is judged on the headline's own measures (read once, reused by the page);
    # the three years are tried only when the last year's headline does not show: two more
    # statements (their percentiles and shares by urgency).
    for index, (data, text) in enumerate(choices):
        form = default_form(data)
        scope = form.scope(unit_ids)
        if headline_shows(headline(headline_view(scope))) or index == len(choices) - 1:
            return form, scope, build_dashboard(scope), text
    raise AssertionError("unreachable")


def request_window(request) -> ReportRange:
    """Whole years holding every range this request shows: its range (or the default view's
    widest candidate) and the period just before it."""
    if request.GET:
        shown = filters(request).scope(None)
    else:
        last = timezone.localdate().year - 1
        shown = default_form({"first_month": f"{last - 2}-01", "last_month": f"{last}-12"}).scope(
            None
        )
    earliest = previous_scope(shown).range.start
    return disclosure.whole_years(replace(shown.range, start=earliest))


def read_once(view):
    """Run the view with each of its queries made once (reports.measures.one_read)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        with one_read(request_window(request)):
            return view(request, *args, **kwargs)

    return wrapper


def chosen_view(request) -> tuple:
    """(form, scope, measures, text of the default view chosen or None) for this request."""
    unit_ids = access.report_unit_ids(request.user)
    services.refresh_pending()  # interventions written since the rollups' last refresh
    if request.GET:
        form = filters(request)
        scope = form.scope(unit_ids)
        return form, scope, build_dashboard(scope), None
    return default_view(unit_ids)


def caption(measure, scope) -> str:
    """A table's caption: what it counts and when."""
    if measure.measure.snapshot:
        return _("%(title)s, as of %(day)s") % {"title": measure.title, "day": measure.total_key}
    return f"{measure.title}, {scope.range.range_label}"


@transaction.non_atomic_requests  # reads; its audit row commits on its own
@require_GET
@access.require("reports.dashboard")
@read_once
def dashboard(request):
    form, scope, measures, chosen = chosen_view(request)
    sections = [
        {
            "measure": m,
            "caption": caption(m, scope),
            "coarser": coarser_view(request, m, scope) if m.too_many_hidden else None,
            "groups": [
                {
                    "label": label,
                    "caption": f"{caption(m, scope)}: {label}",
                    "rows": rows,
                }
                for label, rows in m.grouped()
            ],
        }
        for m in measures
    ]
    query = f"?{request.GET.urlencode()}" if request.GET else ""
    context = {
        "form": form,
        "scope": scope,
        "sections": sections,
        # A folded table of 2,000 units has no chart: 2,000 bars say nothing its table does not.
        "charts": [m.chart() for m in measures if not m.row_groups],
        "headline": headline(measures),
        "previous_total": previous_total(scope),
        "chosen_view": chosen,
        "export_href": reverse("reports:export") + query,
        "brief_href": reverse("reports:brief") + query,
        "filter_errors": [field.label for field in form if field.errors],
        "threshold": suppression.threshold(),
        "marker": suppression.marker(),
        "protecting_marker": suppression.protecting_marker(),
        "statistic_marker": suppression.statistic_marker(),
    }
    return render(request, "reports/dashboard.html", context)


def download(request, scope, what: str, content_type: str, suffix: str) -> HttpResponse:
    """An attachment of this view's figures, recorded in the audit log (who, which view)."""
    response = HttpResponse(content_type=content_type)
    name = f"peer-support-{what}-{scope.range.range_key.replace('/', '-to-')}.{suffix}"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="report",
        object_id="dashboard" if what == "report" else what,
        detail=f"{scope.range.size} {scope.range.range_key}",
    )
    return response


@transaction.non_atomic_requests  # reads; its audit row commits on its own
@require_GET
@access.require("reports.dashboard")
@read_once
def export(request):
    _, scope, measures, _ = chosen_view(request)
    response = download(request, scope, "report", "text/csv; charset=utf-8", "csv")
    write_csv(measures, response)
    return response


def place_text(scope) -> str:
    """Whose figures: the whole hospital, or the names of a local lead's units."""
    if scope.hospital_wide:
        return _("Whole hospital.")
    names = ", ".join(scope.units().order_by("name").values_list("name", flat=True))
    return _("Your units: %(names)s.") % {"names": names}


@transaction.non_atomic_requests  # reads; its audit row commits on its own
@require_GET
@access.require("reports.dashboard")
@read_once
def brief_pdf(request):
    """The dashboard's figures as a two-page PDF: the same filters, the same published figures."""
    _form, scope, measures, chosen = chosen_view(request)
    now = headline(measures)
    before = headline(build_dashboard(previous_scope(scope)))
    document = brief.Brief(
        title=_("Peer support program: brief"),
        period=_("%(range)s, by %(size)s")
        % {"range": scope.range.range_label, "size": scope.range.size_label},
        place=place_text(scope),
        chosen_view=(
            _("Showing %(view)s: the finest view at which the headline figures all show.")
            % {"view": chosen}
            if chosen
            else None
        ),
        headline=brief.headline_with_previous(now, before),
        measures=measures,
        generated_on=ui.day(timezone.localdate()),
    )
    response = download(request, scope, "brief", "application/pdf", "pdf")
    response.write(brief.render(document))
    return response
