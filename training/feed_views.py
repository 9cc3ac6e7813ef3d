"""The personal calendar feed, reached without signing in (`@login_not_required`)."""

from django.contrib.auth.decorators import login_not_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from training.calendar import personal_calendar
from training.models import CalendarFeed


@login_not_required
@require_GET
def personal_feed(request, token):
    """The feed of the person holding this token; an unknown or revoked token answers 404."""
    feed = CalendarFeed.objects.select_related("user").filter(token=token).first()
    if feed is None or not feed.user.is_active:
        raise Http404("No such calendar.")
    response = HttpResponse(
        personal_calendar(feed.user).to_ical(), content_type="text/calendar; charset=utf-8"
    )
    response["Content-Disposition"] = 'inline; filename="peer-support.ics"'
    response["Cache-Control"] = "private, no-store"
    return response
