"""The public calendar feed: no sign-in, the secret token in the path is the key."""

from django.urls import path

from training import feed_views

app_name = "calendar_feed"

urlpatterns = [
    path("<str:token>.ics", feed_views.personal_feed, name="personal"),
]
