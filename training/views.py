"""Training pages: courses, sessions, enrolment, attendance, feedback and calendar feeds."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.template.defaultfilters import floatformat
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_POST

from core.confirm import confirmation_page, confirmed
from core.models import User
from core.templatetags.ui import day
from training import access, selectors, services
from training.forms import (
    AttendanceForm,
    CalendarAddressForm,
    CourseForm,
    EnrolPersonForm,
    FeedbackForm,
    SessionForm,
)
from training.models import (
    CalendarFeed,
    Course,
    Enrolment,
    EnrolmentStatus,
    FeedbackResponse,
    TrainingSession,
)

PAGE_SIZE = 25


def page_of(request, queryset):
    return Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))


def fetch_session(session_id) -> TrainingSession:
    session = selectors.session_with_counts(session_id)
    if session is None:
        raise Http404("No such session.")
    return session


@require_GET
@access.require("training.browse")
def index(request):
    page = page_of(request, selectors.upcoming_sessions())
    return render(request, "training/index.html", {"page": page})


@require_GET
@access.require("training.browse")
def mine(request):
    page = page_of(request, selectors.enrolments_of(request.user))
    return render(request, "training/mine.html", {"page": page, "now": timezone.now()})


@require_GET
@access.require("training.browse")
def courses(request):
    page = page_of(request, Course.objects.order_by("name"))
    return render(request, "training/courses.html", {"page": page})


@access.require_education_or_manager("training.courses")
def course_new(request):
    form = CourseForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            course = services.create_course(actor=request.user, **form.cleaned_data)
        except services.TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Course “{course.name}” added.")
            return redirect("training:courses")
    return render(request, "training/form.html", {"form": form, "title": "Add a course"})


@require_GET
@access.require("training.browse")
def session_detail(request, session_id):
    session = fetch_session(session_id)
    mine = Enrolment.objects.filter(session=session, user=request.user).first()
    may_attendance = access.may_mark_attendance(request.user, session)
    context = {
        "session": session,
        "enrolment": mine,
        "may_mark_attendance": may_attendance,
        "roster": selectors.session_roster(session) if may_attendance else None,
        "enrol_form": EnrolPersonForm(viewer=request.user)
        if access.may(request.user, "training.enrol_others")
        else None,
    }
    return render(request, "training/session.html", context)


@access.require("training.schedule")
def session_new(request):
    form = SessionForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            session = services.schedule_session(actor=request.user, **form.cleaned_data)
        except services.TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session scheduled.")
            return redirect("training:session", session.pk)
    return render(request, "training/form.html", {"form": form, "title": "Schedule a session"})


@access.require("training.schedule")
def session_edit(request, session_id):
    session = fetch_session(session_id)
    initial = {
        "starts_at": timezone.localtime(session.starts_at),
        "place": session.place,
        "video_link": session.video_link,
        "capacity": session.capacity,
        "facilitators": list(session.facilitators.all()),
    }
    form = SessionForm(request.POST or None, initial=initial, editing=True)
    if request.method == "POST" and form.is_valid():
        try:
            services.update_session(actor=request.user, session=session, **form.cleaned_data)
        except services.TrainingError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Session updated; everyone enrolled has been told.")
            return redirect("training:session", session.pk)
    title = f"Change {session}"
    return render(request, "training/form.html", {"form": form, "title": title})


@access.require("training.schedule")
@require_POST
def session_cancel(request, session_id):
    session = fetch_session(session_id)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Cancel {session.course.name} on {day(session.starts_at)}?",
            consequences=[
                f"The {session.enrolled_count} people enrolled and anyone on the wait list are told "
                "it is cancelled.",
                "The session cannot be reopened; you would schedule a new one.",
            ],
            button="Yes, cancel the session",
            back=reverse("training:session", args=[session.pk]),
        )
    try:
        services.cancel_session(actor=request.user, session=session)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Session cancelled; everyone enrolled has been told.")
    return redirect("training:session", session.pk)


@access.require("training.browse")
@require_POST
def enrol_self(request, session_id):
    session = fetch_session(session_id)
    try:
        enrolment = services.enrol(actor=request.user, session=session, person=request.user)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        if enrolment.status == EnrolmentStatus.ENROLLED:
            messages.success(
                request, gettext("You are enrolled. A calendar invitation is on its way.")
            )
        else:
            messages.info(request, gettext("The session is full: you are on the wait list."))
    return redirect("training:session", session.pk)


@access.require("training.enrol_others")
@require_POST
def enrol_person(request, session_id):
    session = fetch_session(session_id)
    form = EnrolPersonForm(request.POST, viewer=request.user)
    if not form.is_valid():
        messages.error(request, "Choose a person from your units.")
        return redirect("training:session", session.pk)
    person = form.cleaned_data["person"]
    try:
        enrolment = services.enrol(actor=request.user, session=session, person=person)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(
            request, f"{person.display_name}: {enrolment.get_status_display().lower()}."
        )
    return redirect("training:session", session.pk)


@access.require("training.browse")
def enrolment_cancel(request, enrolment_id):
    enrolment = access.access_enrolment(request, enrolment_id)
    if request.method != "POST":  # after the object check: an outsider learns nothing
        return HttpResponseNotAllowed(["POST"])
    if not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Give up the place in %(course)s on %(day)s?")
            % {"course": enrolment.session.course.name, "day": day(enrolment.session.starts_at)},
            consequences=_enrolment_cancel_consequences(enrolment),
            button=gettext("Yes, give up the place"),
            back=reverse("training:session", args=[enrolment.session_id]),
        )
    try:
        services.cancel_enrolment(actor=request.user, enrolment=enrolment)
    except services.TrainingError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("The place has been given up."))
    return redirect("training:session", enrolment.session_id)


def _enrolment_cancel_consequences(enrolment) -> list[str]:
    if enrolment.status == EnrolmentStatus.WAITLISTED:
        return [gettext("The place on the wait list is given up.")]
    return [
        gettext("The place goes to the first person on the wait list, if anyone is waiting."),
        gettext(
            "To come back, enrol again: if the session is full by then, that is on the wait list."
        ),
    ]


@access.require("training.browse")
def attendance(request, session_id):
    session = fetch_session(session_id)
    if not access.may_mark_attendance(request.user, session):
        raise PermissionDenied("Attendance is marked by the facilitators and the program manager.")
    enrolments = session.enrolments.filter(status=EnrolmentStatus.ENROLLED)
    people = User.objects.filter(pk__in=enrolments.values("user_id")).order_by(
        "last_name", "first_name"
    )
    initial = {"attended": list(enrolments.filter(attended=True).values_list("user_id", flat=True))}
    # Not `request.POST or None`: unticking everyone posts an empty form, which must still count.
    data = request.POST if request.method == "POST" else None
    form = AttendanceForm(data, people=people, initial=initial)
    if request.method == "POST" and form.is_valid():
        attended_ids = {person.pk for person in form.cleaned_data["attended"]}
        try:
            count = services.mark_attendance(
                actor=request.user,
                session=session,
                attended_user_ids=attended_ids,
            )
        except services.TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Attendance saved: {count} attended.")
        return redirect("training:session", session.pk)
    title = f"Attendance: {session}"
    return render(request, "training/form.html", {"form": form, "title": title})


@access.require("training.browse")
def feedback(request, enrolment_id):
    enrolment = get_object_or_404(
        Enrolment.objects.select_related("session__course"),
        pk=enrolment_id,
        user=request.user,
        attended=True,
    )
    if enrolment.feedback_answered:
        messages.info(request, gettext("You have already answered this survey. Thank you."))
        return redirect("training:mine")
    form = FeedbackForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.submit_feedback(enrolment=enrolment, **form.cleaned_data)
        except services.TrainingError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, gettext("Thank you: your answers were saved without your name.")
            )
        return redirect("training:mine")
    title = gettext("Feedback: %(session)s") % {"session": enrolment.session}
    return render(request, "training/feedback.html", {"form": form, "title": title})


@require_GET
@access.require_education_or_manager("training.feedback_results")
def results(request):
    context = {
        "page": page_of(request, selectors.sessions_with_feedback()),
        "courses": selectors.courses_with_feedback(),
    }
    return render(request, "training/results.html", context)


@require_GET
@access.require_education_or_manager("training.feedback_results")
def session_results(request, session_id):
    session = fetch_session(session_id)
    return _results_page(request, f"Feedback: {session}", session.feedback.all())


@require_GET
@access.require_education_or_manager("training.feedback_results")
def course_results(request, course_id):
    course = get_object_or_404(Course, pk=course_id)
    responses = FeedbackResponse.objects.filter(session__course=course)
    return _results_page(request, f"Feedback: {course.name} (all sessions)", responses)


RATED = [
    ("content_rating_avg", "Usefulness of the content"),
    ("facilitation_rating_avg", "Facilitation"),
    ("usefulness_rating_avg", "Readiness to use it with colleagues"),
]


def _results_page(request, title: str, responses):
    """A session's or a course's feedback: averages per question and the comments."""
    summary = selectors.feedback_summary(responses)
    ratings = [(question, floatformat(summary.get(key), 1) or "-") for key, question in RATED]
    context = {
        "title": title,
        "summary": summary,
        "ratings": ratings,
        "comments": selectors.feedback_comments(responses),
    }
    return render(request, "training/result_detail.html", context)


@require_GET
@access.require("training.browse")
def calendar(request):
    feed = CalendarFeed.objects.filter(user=request.user).first()
    feed_url = (
        request.build_absolute_uri(reverse("calendar_feed:personal", args=[feed.token]))
        if feed
        else ""
    )
    address = CalendarAddressForm(initial={"address": feed_url}, auto_id="feed-%s")
    return render(request, "training/calendar.html", {"feed_url": feed_url, "address": address})


def _confirm_address_change(request, *, title: str, button: str):
    """The page before the calendar address stops working: calendars using it go quiet."""
    return confirmation_page(
        request,
        title=title,
        consequences=[
            gettext("Your current address stops working at once."),
            gettext("Calendars that use it stop showing your sessions until you add a new one."),
        ],
        button=button,
        back=reverse("training:calendar"),
    )


@access.require("training.browse")
@require_POST
def calendar_regenerate(request):
    if CalendarFeed.objects.filter(user=request.user).exists() and not confirmed(request):
        return _confirm_address_change(
            request,
            title=gettext("Make a new calendar address?"),
            button=gettext("Yes, make a new address"),
        )
    services.regenerate_calendar_feed(user=request.user)
    messages.success(request, "You have a new calendar address. Any earlier one stopped working.")
    return redirect("training:calendar")


@access.require("training.browse")
@require_POST
def calendar_revoke(request):
    if not confirmed(request):
        return _confirm_address_change(
            request,
            title=gettext("Turn off your calendar address?"),
            button=gettext("Yes, turn it off"),
        )
    services.revoke_calendar_feed(user=request.user)
    messages.success(request, "Your calendar address no longer works.")
    return redirect("training:calendar")
