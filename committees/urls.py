from django.urls import path

from committees import views

app_name = "committees"

urlpatterns = [
    path("", views.index, name="index"),
    path("new/", views.add_committee, name="add_committee"),
    path("community/", views.community, name="community"),
    path("leadership/", views.leadership, name="leadership"),
    path("leadership/assign/", views.assign_role, name="assign_role"),
    path("leadership/remove/", views.remove_role, name="remove_role"),
    path("plan/", views.plan, name="plan"),
    path("plan/late/", views.late, name="late"),
    path("plan/activities/new/", views.add_activity, name="add_activity"),
    path("plan/activities/<int:activity_id>/", views.edit_activity, name="edit_activity"),
    path("plan/areas/new/", views.add_area, name="add_area"),
    path("plan/areas/<int:area_id>/", views.rename_area, name="rename_area"),
    path("policies/", views.policies, name="policies"),
    path("policies/new/", views.new_policy, name="new_policy"),
    path("policies/<slug:slug>/", views.policy, name="policy"),
    path("policies/<slug:slug>/acknowledge/", views.acknowledge, name="acknowledge"),
    path("policies/<slug:slug>/missing/", views.policy_missing, name="policy_missing"),
    path("policies/<slug:slug>/publish/", views.publish_policy, name="publish_policy"),
    path("meetings/<int:meeting_id>/", views.meeting, name="meeting"),
    path("meetings/<int:meeting_id>/minutes/", views.minutes, name="minutes"),
    path("meetings/<int:meeting_id>/minutes/edit/", views.edit_minutes, name="edit_minutes"),
    path("meetings/<int:meeting_id>/on/<str:day>/", views.occurrence, name="occurrence"),
    path(
        "meetings/<int:meeting_id>/on/<str:day>/edit/",
        views.edit_occurrence,
        name="edit_occurrence",
    ),
    path(
        "meetings/<int:meeting_id>/on/<str:day>/publish/",
        views.publish_occurrence,
        name="publish_occurrence",
    ),
    path("meetings/<int:meeting_id>/on/<str:day>/actions/", views.add_action, name="add_action"),
    path(
        "meetings/<int:meeting_id>/on/<str:day>/actions/<int:action_id>/done/",
        views.close_action,
        name="close_action",
    ),
    path("meetings/<int:meeting_id>/change/", views.edit_meeting, name="edit_meeting"),
    path("meetings/<int:meeting_id>/cancel/", views.cancel_meeting, name="cancel_meeting"),
    path("meetings/<int:meeting_id>/invitation.ics", views.meeting_invitation, name="invitation"),
    path("meetings/<int:meeting_id>/attendance/", views.attendance, name="attendance"),
    path("<slug:slug>/", views.committee, name="committee"),
    path("<slug:slug>/members/add/", views.add_member, name="add_member"),
    path(
        "<slug:slug>/members/<int:membership_id>/remove/",
        views.remove_member,
        name="remove_member",
    ),
    path("<slug:slug>/meetings/new/", views.new_meeting, name="new_meeting"),
]
