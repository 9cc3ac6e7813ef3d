from django.shortcuts import render
from django.views.decorators.http import require_GET

from committees.models import Committee
from peersupport import access


@require_GET
@access.require("committees.browse")
def index(request):
    committees = Committee.objects.prefetch_related("memberships__user")
    return render(request, "committees/index.html", {"committees": committees})


@require_GET
@access.require("governance.leadership")
def leadership(request):
    from django.contrib.auth.models import Group

    groups = Group.objects.prefetch_related("user_set").order_by("name")
    return render(request, "committees/leadership.html", {"groups": groups})
