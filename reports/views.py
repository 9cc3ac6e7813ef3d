from django.shortcuts import render
from django.views.decorators.http import require_GET

from peersupport import access


@require_GET
@access.require("reports.dashboard")
def dashboard(request):
    return render(request, "reports/dashboard.html")
