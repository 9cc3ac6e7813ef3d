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
    path("outreach/", views.outreach_list, name="outreach"),
    path("outreach/new/", views.outreach_new, name="outreach_new"),
    path("outreach/<uuid:outreach_id>/", views.outreach_detail, name="outreach_detail"),
    path("outreach/<uuid:outreach_id>/assign/", views.outreach_assign, name="outreach_assign"),
    path(
        "outreach/<uuid:outreach_id>/contacts/", views.outreach_contacts, name="outreach_contacts"
    ),
    path("outreach/<uuid:outreach_id>/correct/", views.outreach_correct, name="outreach_correct"),
    path("outreach/<uuid:outreach_id>/close/", views.outreach_close, name="outreach_close"),
    path("<uuid:request_id>/", views.request_detail, name="detail"),
    path("<uuid:request_id>/claim/", views.claim, name="claim"),
    path("<uuid:request_id>/take-back/", views.take_back, name="take_back"),
    path("<uuid:request_id>/triage/", views.triage, name="triage_request"),
    path("<uuid:request_id>/route/", views.route, name="route"),
    path("<uuid:request_id>/back-to-triage/", views.return_to_triage, name="return_to_triage"),
    path("<uuid:request_id>/hand-back/", views.hand_back, name="hand_back"),
    path("<uuid:request_id>/assign/", views.assign, name="assign"),
    path("<uuid:request_id>/supporters/", views.supporter_search, name="supporter_search"),
    path("<uuid:request_id>/redirect/", views.redirect_request, name="redirect"),
    path("<uuid:request_id>/redirect/undo/", views.undo_redirect, name="undo_redirect"),
    path("<uuid:request_id>/accept/", views.accept, name="accept"),
    path("<uuid:request_id>/decline/", views.decline, name="decline"),
    path("<uuid:request_id>/contact/", views.log_contact, name="log_contact"),
    path("<uuid:request_id>/close/", views.close, name="close"),
    path("<uuid:request_id>/close-no-contact/", views.close_no_contact, name="close_no_contact"),
    path("<uuid:request_id>/correct/contact/", views.correct_contact, name="correct_contact"),
    path("<uuid:request_id>/correct/closing/", views.correct_closing, name="correct_closing"),
    path("<uuid:request_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:request_id>/survey/", views.survey, name="survey"),
]
