from django.urls import path

from support_requests import views

app_name = "support_requests"

urlpatterns = [
    path("new/", views.new_request, name="new"),
    path("mine/", views.my_requests, name="mine"),
    path("triage/", views.triage_queue, name="triage"),
    path("unit/", views.unit_queue, name="unit_queue"),
    path("assigned/", views.my_assignments, name="assigned"),
    path("access-log/", views.access_log, name="access_log"),
    path("<uuid:request_id>/", views.request_detail, name="detail"),
]
