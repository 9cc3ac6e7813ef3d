from django.urls import path

from training import views

app_name = "training"

urlpatterns = [
    path("", views.index, name="index"),
    path("mine/", views.mine, name="mine"),
    path("courses/", views.courses, name="courses"),
    path("courses/new/", views.course_new, name="course_new"),
    path("courses/<int:course_id>/results/", views.course_results, name="course_results"),
    path("sessions/new/", views.session_new, name="session_new"),
    path("sessions/<int:session_id>/", views.session_detail, name="session"),
    path("sessions/<int:session_id>/edit/", views.session_edit, name="session_edit"),
    path("sessions/<int:session_id>/cancel/", views.session_cancel, name="session_cancel"),
    path("sessions/<int:session_id>/enrol/", views.enrol_self, name="enrol"),
    path("sessions/<int:session_id>/enrol-person/", views.enrol_person, name="enrol_person"),
    path("sessions/<int:session_id>/attendance/", views.attendance, name="attendance"),
    path("sessions/<int:session_id>/results/", views.session_results, name="session_results"),
    path("enrolments/<int:enrolment_id>/cancel/", views.enrolment_cancel, name="enrolment_cancel"),
    path("enrolments/<int:enrolment_id>/feedback/", views.feedback, name="feedback"),
    path("results/", views.results, name="results"),
    path("calendar/", views.calendar, name="calendar"),
    path("calendar/regenerate/", views.calendar_regenerate, name="calendar_regenerate"),
    path("calendar/revoke/", views.calendar_revoke, name="calendar_revoke"),
]
