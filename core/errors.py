"""Error pages that say what happened in plain words, and never echo request details."""

from django.shortcuts import render
from django.utils.translation import gettext


def forbidden(request, exception=None):
    reason = (
        str(exception)
        if exception and str(exception)
        else gettext("This page is not part of your role.")
    )
    return render(request, "errors/403.html", {"reason": reason}, status=403)


def not_found(request, exception=None):
    return render(request, "errors/404.html", status=404)


def server_error(request):
    return render(request, "errors/500.html", status=500)
