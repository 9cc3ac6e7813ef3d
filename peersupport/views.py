"""The home page, the health check and robots.txt (the last two answer without sign-in)."""

from django.contrib.auth.decorators import login_not_required
from django.db import transaction
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.http import require_GET

from core import access
from peersupport.home import actions_for, work_for


@require_GET
def home(request):
    roles = access.roles_of(request.user)
    context = {"sections": actions_for(request.user, roles), "work": work_for(request.user, roles)}
    return render(request, "home.html", context)


@require_GET
def design(request):
    """The design system's components, each shown once, for the people who build pages."""
    from django import forms
    from django.core.paginator import Paginator
    from django.utils import timezone

    class Example(forms.Form):
        name = forms.CharField(label="Your name", help_text="As it appears on your badge.")
        method = forms.ChoiceField(
            label="How should we contact you?",
            choices=[("phone", "Phone call"), ("text", "Text message"), ("email", "Email")],
            widget=forms.RadioSelect,
        )
        unit = forms.ChoiceField(label="Unit", choices=[("", "Choose a unit"), ("icu", "ICU")])
        agree = forms.BooleanField(label="I have read the confidentiality agreement")

    return render(
        request,
        "design.html",
        {
            "example": Example(data={"name": "", "method": "phone"}),
            "now": timezone.now(),
            "page": Paginator(range(30), 10).page(2),
            "facts": [("Unit", "Intensive Care Unit"), ("Contact by", "Phone call")],
            "columns": ["Request", "Urgency", "Waiting"],
            "rows": [
                [{"text": "Sent Tue 1 Dec 2026, 09:12", "href": "#"}, "Today", "2 hours"],
                [{"text": "Sent Mon 30 Nov 2026, 17:40", "href": "#"}, "This week", "1 day"],
            ],
        },
    )


@login_not_required
@transaction.non_atomic_requests
@require_GET
def healthz(request):
    """Liveness: the process answers. No database, cache or broker (that is /readyz), so a
    PostgreSQL outage never makes the orchestrator restart healthy web processes."""
    return JsonResponse({"status": "alive"})


@login_not_required
@require_GET
def robots(request):
    return HttpResponse("User-agent: *\nDisallow: /\n", content_type="text/plain")
