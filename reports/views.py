from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from core import audit
from core.models import AuditAction
from reports import access, services, suppression
from reports.dashboard import build_dashboard, headline
from reports.export import write_csv
from reports.forms import ReportFilterForm
from reports.measures import Level
from reports.periods import COARSER


def filters(request) -> ReportFilterForm:
    return ReportFilterForm(request.GET or None, today=timezone.localdate())


def coarser_view(request, measure, scope) -> dict | None:
    """The same filters one step coarser, for a table mostly hidden by small numbers."""
    query = request.GET.copy()
    if measure.measure.coarser_level and scope.level == Level.UNIT:
        query["level"] = Level.DEPARTMENT
        text = "Count by department instead"
    elif not measure.measure.snapshot and scope.range.size in COARSER:
        query["size"] = COARSER[scope.range.size]
        text = f"Show figures by {COARSER[scope.range.size].label.lower()} instead"
    else:
        return None
    return {"query": query.urlencode(), "text": text}


@require_GET
@access.require("reports.dashboard")
def dashboard(request):
    form = filters(request)
    scope = form.scope(access.report_unit_ids(request.user))
    services.refresh_pending()  # interventions written since the rollups' last refresh
    measures = build_dashboard(scope)
    sections = [
        {"measure": m, "coarser": coarser_view(request, m, scope) if m.too_many_hidden else None}
        for m in measures
    ]
    context = {
        "form": form,
        "scope": scope,
        "sections": sections,
        "charts": [m.chart() for m in measures],
        "headline": headline(measures),
        "export_query": request.GET.urlencode(),
        "threshold": suppression.threshold(),
        "marker": suppression.marker(),
    }
    return render(request, "reports/dashboard.html", context)


@require_GET
@access.require("reports.dashboard")
def export(request):
    scope = filters(request).scope(access.report_unit_ids(request.user))
    services.refresh_pending()
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    name = f"peer-support-report-{scope.range.range_key.replace('/', '-to-')}.csv"
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    write_csv(build_dashboard(scope), response)
    audit.record(
        action=AuditAction.EXPORT,
        actor=request.user,
        object_type="report",
        object_id="dashboard",
        detail=f"{scope.range.size} {scope.range.range_key}",
    )
    return response
