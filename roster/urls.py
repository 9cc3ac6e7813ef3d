from django.urls import include, path

from roster import views

app_name = "roster"

urlpatterns = [
    path("", views.directory, name="directory"),
    path("export.csv", views.export, name="export"),
    path("coverage/", views.coverage, name="coverage"),
    path("on-call/", views.on_call, name="on_call"),
    path("supporters/<int:pk>/", views.supporter, name="supporter"),
    path("supporters/<int:pk>/edit/", views.edit_supporter, name="edit_supporter"),
    path("supporters/<int:pk>/status/", views.change_status, name="change_status"),
    path("nominations/", views.nominations, name="nominations"),
    path("nominations/new/", views.nominate, name="nominate"),
    path("volunteer/", views.volunteer, name="volunteer"),
    path("volunteers/", views.volunteers, name="volunteers"),
    path("volunteers/<int:pk>/approve/", views.approve_volunteer, name="approve_volunteer"),
    path("volunteers/<int:pk>/decline/", views.refuse_volunteer, name="refuse_volunteer"),
    path("invitations/<int:pk>/", views.invitation, name="invitation"),
    path("invitations/<int:pk>/decline/", views.decline_invitation, name="decline_invitation"),
    path("import/", views.import_roster, name="import"),
    path("import/confirm/", views.confirm_import, name="confirm_import"),
    path("grants/", views.grants, name="grants"),
    path("grants/propose/", views.propose_grant, name="propose_grant"),
    path("grants/<int:pk>/confirm/", views.confirm_grant, name="confirm_grant"),
    path("grants/<int:pk>/refuse/", views.refuse_grant, name="refuse_grant"),
    path("grants/end/", views.end_role, name="end_role"),
    path("me/", views.my_profile, name="me"),
    path("me/availability/", views.set_availability, name="set_availability"),
    path("me/pause/", views.pause, name="pause"),
    path("me/resume/", views.resume, name="resume"),
    path("me/leave/", views.leave, name="leave"),
    path("me/shifts/", views.sign_up_shift, name="sign_up_shift"),
    path("me/shifts/<int:pk>/cancel/", views.cancel_shift, name="cancel_shift"),
    path("", include("roster.supervision_urls")),
]
