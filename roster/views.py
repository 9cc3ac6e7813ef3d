from django.core.paginator import Paginator
from django.shortcuts import render
from django.views.decorators.http import require_GET

from peersupport import access
from roster import selectors
from roster.models import SupporterProfile


@require_GET
@access.require("roster.directory")
def directory(request):
    page = Paginator(selectors.supporters_visible_to(request.user), 50).get_page(
        request.GET.get("page")
    )
    return render(request, "roster/directory.html", {"page": page})


@require_GET
def my_profile(request):
    profile = SupporterProfile.objects.filter(user=request.user).select_related("home_unit").first()
    return render(request, "roster/me.html", {"profile": profile})
