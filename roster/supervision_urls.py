"""The supervision pages, under the roster's addresses (included by roster/urls.py)."""

from django.urls import path

from roster import supervision_views

urlpatterns = [
    path("supervision/", supervision_views.supervision_list, name="supervision"),
    path(
        "supervision/<int:pk>/",
        supervision_views.supervision_record,
        name="supervision_record",
    ),
]
