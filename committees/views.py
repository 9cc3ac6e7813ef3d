"""Committee, meeting and governance pages: access helper -> form -> service or selector -> render."""

import datetime

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from committees import access, calendar, forms, occurrences, selectors, services
from committees.models import (
    CommitteeMembership,
    MeetingAction,
    PlanActivity,
    Policy,
    PolicyVersion,
    ProgramArea,
)
from core.confirm import confirmation_page, confirmed
from core.roles import Role

PAGE_SIZE = 25


def page_of(request, queryset, size: int = PAGE_SIZE):
    return Paginator(queryset, size).get_page(request.GET.get("page"))


# ---- committees ------------------------------------------------------------------------------


@access.require("committees.browse")
@require_GET
def index(request):
    page = page_of(request, selectors.committees_for(request.user))
    return render(request, "committees/index.html", {"page": page})


@access.require("committees.manage")
@require_http_methods(["GET", "POST"])
def add_committee(request):
    form = forms.CommitteeForm(request.POST or None)
    if form.is_valid():
        try:
            committee = services.create_committee(
                name=form.cleaned_data["name"],
                slug=form.cleaned_data["slug"],
                purpose=form.cleaned_data["purpose"],
                actor=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, f"{committee.name} added.")
            return redirect("committees:committee", slug=committee.slug)
    return render(request, "committees/form.html", {"form": form, "title": "Add a committee"})


@require_GET
def committee(request, slug):
    found = access.access_committee(request, slug)
    context = {
        "committee": found,
        "members": selectors.members_of(found),
        "page": page_of(request, selectors.meetings_of(found), 10),
        "member_form": forms.MemberForm(action=reverse("committees:add_member", args=[found.slug])),
    }
    return render(request, "committees/committee.html", context)


@access.require("committees.manage")
@require_POST
def add_member(request, slug):
    found = access.access_committee(request, slug)
    form = forms.MemberForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Not added: " + " ".join(e for el in form.errors.values() for e in el)
        )
        return redirect("committees:committee", slug=slug)
    try:
        services.add_member(
            committee=found,
            user=form.cleaned_data["person"],
            role=form.cleaned_data["role"],
            actor=request.user,
        )
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{form.cleaned_data['person'].display_name} added.")
        access.forget_roles(request.user)
    return redirect("committees:committee", slug=slug)


@access.require("committees.manage")
@require_POST
def remove_member(request, slug, membership_id):
    found = access.access_committee(request, slug)
    membership = get_object_or_404(CommitteeMembership, pk=membership_id, committee=found)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Remove {membership.user.display_name} from {found.name}?",
            consequences=[
                f"{membership.user.display_name} stops being {membership.get_role_display().lower()} "
                f"of {found.name} and loses what that role lets them see and do.",
                "They are no longer invited to its meetings. You can add them again later.",
            ],
            button="Yes, remove them",
            back=reverse("committees:committee", kwargs={"slug": slug}),
        )
    services.remove_member(membership=membership, actor=request.user)
    access.forget_roles(request.user)
    messages.success(request, f"{membership.user.display_name} is no longer a member.")
    return redirect("committees:committee", slug=slug)


# ---- meetings --------------------------------------------------------------------------------


@access.require("committees.manage")
@require_http_methods(["GET", "POST"])
def new_meeting(request, slug):
    found = access.access_committee(request, slug)
    form = forms.MeetingForm(request.POST or None, initial={"title": f"{found.name} meeting"})
    if form.is_valid():
        data = form.cleaned_data
        meeting = services.schedule_meeting(
            committee=found,
            title=data["title"],
            starts_at=data["starts_at"],
            duration_minutes=data["duration_minutes"],
            time_zone=data["time_zone"],
            recurrence=data["recurrence"],
            location=data["location"],
            video_url=data["video_url"],
            agenda=data["agenda"],
            actor=request.user,
        )
        messages.success(request, "Meeting scheduled; the members have been sent an invitation.")
        return redirect("committees:meeting", meeting_id=meeting.pk)
    return render(
        request, "committees/form.html", {"form": form, "title": f"New meeting: {found.name}"}
    )


@require_GET
def meeting(request, meeting_id):
    found = access.access_meeting(request, meeting_id)
    context = {
        "meeting": found,
        "upcoming": occurrences.next_occurrences(found, timezone.now(), count=3),
        "may_keep_minutes": access.may_keep_minutes(request.user, found),
        "attendance": selectors.attendance_counts(found),
    }
    return render(request, "committees/meeting.html", context)


@require_GET
def minutes(request, meeting_id):
    """Every recent and coming occurrence, with the state of its agenda and minutes."""
    found = access.access_meeting(request, meeting_id)
    context = {
        "meeting": found,
        "rows": selectors.occurrence_rows(found, timezone.now()),
        "may_keep_minutes": access.may_keep_minutes(request.user, found),
    }
    return render(request, "committees/minutes.html", context)


@require_http_methods(["GET", "POST"])
def edit_minutes(request, meeting_id):
    """The standing agenda each new occurrence of the meeting starts from."""
    found = access.access_meeting_minutes(request, meeting_id)
    form = forms.StandingAgendaForm(request.POST or None, initial={"agenda": found.agenda})
    if form.is_valid():
        services.keep_standing_agenda(
            meeting=found, agenda=form.cleaned_data["agenda"], actor=request.user
        )
        messages.success(request, gettext("Standing agenda saved."))
        return redirect("committees:minutes", meeting_id=found.pk)
    title = gettext("Standing agenda: %(meeting)s") % {"meeting": found}
    return render(request, "committees/form.html", {"form": form, "title": title})


def occurrence_day(meeting, day: str) -> datetime.date:
    """The day of one of the meeting's occurrences, from the address; 404 for any other."""
    try:
        parsed = datetime.date.fromisoformat(day)
    except ValueError:
        raise Http404("No such occurrence.") from None
    if not services.takes_place_on(meeting, parsed):
        raise Http404("No such occurrence.")
    return parsed


@require_GET
def occurrence(request, meeting_id, day):
    """One occurrence's agenda, minutes and actions: members see what is published; those who
    keep the minutes also see the drafts."""
    found = access.access_meeting(request, meeting_id)
    on = occurrence_day(found, day)
    record = selectors.record_of(found, on)
    keeper = access.may_keep_minutes(request.user, found)
    context = {
        "meeting": found,
        "day": on,
        "record": record,
        "keeper": keeper,
        "show_agenda": record is not None and (keeper or record.agenda_published_at is not None),
        "show_minutes": record is not None and (keeper or record.minutes_published_at is not None),
        "actions": selectors.actions_of(record),
        "to_carry": selectors.open_actions_before(found, on) if keeper and record is None else [],
        "action_form": forms.ActionForm(
            action=reverse("committees:add_action", args=[found.pk, on.isoformat()])
        ),
    }
    return render(request, "committees/occurrence.html", context)


@require_http_methods(["GET", "POST"])
def edit_occurrence(request, meeting_id, day):
    found = access.access_meeting_minutes(request, meeting_id)
    on = occurrence_day(found, day)
    record = selectors.record_of(found, on)
    initial = {
        "agenda": record.agenda if record else found.agenda,
        "minutes": record.minutes if record else "",
    }
    form = forms.MinutesForm(request.POST or None, initial=initial)
    if form.is_valid():
        record = services.record_for(meeting=found, occurs_on=on, actor=request.user)
        services.keep_record(record=record, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("Saved. Publish each part when it is ready."))
        return redirect("committees:occurrence", meeting_id=found.pk, day=on.isoformat())
    title = gettext("Agenda and minutes: %(meeting)s") % {"meeting": found}
    return render(request, "committees/form.html", {"form": form, "title": title, "day": on})


@require_http_methods(["GET", "POST"])
def publish_occurrence(request, meeting_id, day):
    found = access.access_meeting_minutes(request, meeting_id)  # 404/403 before the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    on = occurrence_day(found, day)
    part = request.POST.get("part", "")
    record = selectors.record_of(found, on)
    try:
        if record is None:
            raise services.CommitteeError(gettext("Write the agenda or minutes first."))
        services.publish_record(record=record, part=part, actor=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Published; the members have been told."))
    return redirect("committees:occurrence", meeting_id=found.pk, day=on.isoformat())


@require_http_methods(["GET", "POST"])
def add_action(request, meeting_id, day):
    found = access.access_meeting_minutes(request, meeting_id)  # 404/403 before the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    on = occurrence_day(found, day)
    form = forms.ActionForm(request.POST)
    if not form.is_valid():
        messages.error(
            request,
            gettext("Not added: ") + " ".join(e for el in form.errors.values() for e in el),
        )
    else:
        record = services.record_for(meeting=found, occurs_on=on, actor=request.user)
        services.add_action(record=record, actor=request.user, **form.cleaned_data)
        messages.success(request, gettext("Action added."))
    return redirect("committees:occurrence", meeting_id=found.pk, day=on.isoformat())


@require_http_methods(["GET", "POST"])
def close_action(request, meeting_id, day, action_id):
    found = access.access_meeting_minutes(request, meeting_id)  # 404/403 before the method
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    on = occurrence_day(found, day)
    action = get_object_or_404(
        MeetingAction.objects.select_related("record"),
        pk=action_id,
        record__meeting=found,
        record__occurs_on=on,
    )
    try:
        services.close_action(action=action, actor=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("Action marked done."))
    return redirect("committees:occurrence", meeting_id=found.pk, day=on.isoformat())


@access.require("committees.manage")
@require_POST
def cancel_meeting(request, meeting_id):
    found = access.access_meeting(request, meeting_id)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Cancel {found}?",
            consequences=[
                "Every occurrence of this meeting is cancelled.",
                "Everyone invited gets a cancellation that removes it from their calendar.",
                "It cannot be reopened; you would schedule a new meeting.",
            ],
            button="Yes, cancel the meeting",
            back=reverse("committees:meeting", kwargs={"meeting_id": found.pk}),
        )
    try:
        services.cancel_meeting(meeting=found, actor=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, "Meeting cancelled; the invitees have been told.")
    return redirect("committees:meeting", meeting_id=found.pk)


@access.require("committees.manage")
@require_http_methods(["GET", "POST"])
def edit_meeting(request, meeting_id):
    found = access.access_meeting(request, meeting_id)
    form = forms.MeetingForm(
        request.POST or None,
        initial=forms.MeetingForm.initial_for(found),
        submit_label="Save and send the updated invitation",
        with_agenda=False,
    )
    if form.is_valid():
        changes = {name: form.cleaned_data[name] for name in services.SCHEDULE_FIELDS}
        try:
            services.change_meeting(meeting=found, actor=request.user, **changes)
        except services.CommitteeError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "Meeting saved. Any change was sent to the invitees.")
        return redirect("committees:meeting", meeting_id=found.pk)
    return render(request, "committees/form.html", {"form": form, "title": f"Change: {found}"})


@require_GET
def meeting_invitation(request, meeting_id):
    found = access.access_meeting(request, meeting_id)
    response = HttpResponse(calendar.invitation(found), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="meeting-{found.pk}.ics"'
    return response


@access.require("committees.manage")
@require_http_methods(["GET", "POST"])
def attendance(request, meeting_id):
    found = access.access_meeting(request, meeting_id)
    dates = [when.date() for when in occurrences.past_occurrences(found, timezone.now())]
    form = forms.AttendanceForm(
        request.POST or None, dates=dates, invitees=selectors.invitees(found)
    )
    if form.is_valid():
        try:
            count = services.record_attendance(
                meeting=found,
                occurrence_on=form.cleaned_data["occurrence_on"],
                attendees=list(form.cleaned_data["attendees"]),
                actor=request.user,
            )
        except services.CommitteeError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, f"Attendance saved: {count} people.")
            return redirect("committees:meeting", meeting_id=found.pk)
    context = {"form": form, "title": f"Attendance: {found}", "no_dates": not dates}
    return render(request, "committees/form.html", context)


@access.require("committees.community")
@require_GET
def community(request):
    page = page_of(request, selectors.community_meetings(), 12)
    return render(request, "committees/community.html", {"page": page})


# ---- leadership ------------------------------------------------------------------------------


@access.require("governance.leadership")
@require_GET
def leadership(request):
    context = {
        "group_roles": selectors.group_role_holders(),
        "local_leads": selectors.local_leads(),
        "committee_chairs": selectors.committee_chairs(),
        "history": page_of(request, selectors.role_history(), 20),
        "assign_form": forms.AssignRoleForm(action=reverse("committees:assign_role")),
    }
    return render(request, "committees/leadership.html", context)


@access.require("governance.assign_roles")
@require_POST
def assign_role(request):
    form = forms.AssignRoleForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Not assigned: " + " ".join(e for el in form.errors.values() for e in el)
        )
        return redirect("committees:leadership")
    person, role = form.cleaned_data["person"], Role(form.cleaned_data["role"])
    try:
        services.assign_role(user=person, role=role, actor=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.display_name} now holds the role {role.label}.")
    return redirect("committees:leadership")


@access.require("governance.assign_roles")
@require_POST
def remove_role(request):
    form = forms.RemoveRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not removed: choose a current holder of a program role.")
        return redirect("committees:leadership")
    person = form.cleaned_data["person"]
    if not confirmed(request):
        return confirmation_page(
            request,
            title=f"Remove {person.display_name}'s program role?",
            consequences=[
                f"{person.display_name} loses the role and what it lets them see and do, at once.",
                "You can give the role back later from this page.",
            ],
            button="Yes, remove the role",
            back=reverse("committees:leadership"),
            fields=[("person", person.email), ("role", form.cleaned_data["role"])],
        )
    try:
        role = services.group_role(form.cleaned_data["role"])
        services.remove_role(user=person, role=role, actor=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"{person.display_name} no longer holds the role {role.label}.")
        if person.pk == request.user.pk:
            access.forget_roles(request.user)
            if not access.may(request.user, "governance.leadership"):
                return redirect("home")
    return redirect("committees:leadership")


# ---- program plan ----------------------------------------------------------------------------


@access.require("governance.plan")
@require_GET
def plan(request):
    context = {
        "checklist": selectors.setup_checklist(),
        "page": page_of(request, selectors.plan_activities()),
        "late_count": selectors.late_activities().count(),
        "areas": ProgramArea.objects.all(),
    }
    return render(request, "committees/plan.html", context)


@access.require("governance.plan")
@require_GET
def late(request):
    page = page_of(request, selectors.late_activities())
    return render(request, "committees/late.html", {"page": page})


@access.require("governance.plan")
@require_http_methods(["GET", "POST"])
def add_activity(request):
    form = forms.PlanActivityForm(request.POST or None)
    if form.is_valid():
        services.add_plan_activity(actor=request.user, **form.who_data())
        messages.success(request, "Activity added to the plan.")
        return redirect("committees:plan")
    return render(request, "committees/form.html", {"form": form, "title": "Add a plan activity"})


@access.require("governance.plan")
@require_http_methods(["GET", "POST"])
def edit_activity(request, activity_id):
    item = get_object_or_404(PlanActivity.objects.select_related("responsible"), pk=activity_id)
    initial = {"status": item.status, "due_on": item.due_on, **forms.WhoFields.initial_for(item)}
    form = forms.PlanProgressForm(request.POST or None, initial=initial)
    if form.is_valid():
        services.update_plan_activity(item=item, actor=request.user, **form.who_data())
        messages.success(request, "Activity saved.")
        return redirect("committees:plan")
    return render(request, "committees/form.html", {"form": form, "title": item.activity})


@access.require("governance.plan")
@require_http_methods(["GET", "POST"])
def add_area(request):
    form = forms.AreaForm(request.POST or None)
    if form.is_valid():
        try:
            services.add_area(name=form.cleaned_data["name"], actor=request.user)
        except (services.CommitteeError, ValidationError) as error:
            form.add_error("name", error.messages if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, gettext("Area added to the plan."))
            return redirect("committees:plan")
    return render(
        request, "committees/form.html", {"form": form, "title": gettext("Add a program area")}
    )


@access.require("governance.plan")
@require_http_methods(["GET", "POST"])
def rename_area(request, area_id):
    area = get_object_or_404(ProgramArea, pk=area_id)
    form = forms.AreaForm(
        request.POST or None, initial={"name": area.name}, submit_label=gettext("Rename")
    )
    if form.is_valid():
        try:
            services.rename_area(area=area, name=form.cleaned_data["name"], actor=request.user)
        except (services.CommitteeError, ValidationError) as error:
            form.add_error("name", error.messages if hasattr(error, "messages") else str(error))
        else:
            messages.success(request, gettext("Area renamed; its activities stay in it."))
            return redirect("committees:plan")
    title = gettext("Rename the area %(name)s") % {"name": area.name}
    return render(request, "committees/form.html", {"form": form, "title": title})


# ---- policies --------------------------------------------------------------------------------


@access.require("committees.policies")
@require_GET
def policies(request):
    found = selectors.policies_with_current_versions(request.user)
    if access.may(request.user, "governance.policy_status"):
        unit_ids = access.supporter_units_in_view(request.user)
        for policy in found:
            policy.missing_count = selectors.supporters_missing_acknowledgement(
                policy, unit_ids=unit_ids
            ).count()
    to_acknowledge = [p for p in found if p.current is not None and not p.acknowledged]
    context = {"policies": found, "to_acknowledge": to_acknowledge}
    return render(request, "committees/policies.html", context)


@access.require("committees.policies")
@require_GET
def policy(request, slug):
    found = get_object_or_404(Policy, slug=slug)
    current = found.versions.order_by("-number").first()
    acknowledged = (
        current is not None and current.acknowledgements.filter(user_id=request.user.pk).exists()
    )
    context = {"policy": found, "current": current, "acknowledged": acknowledged}
    return render(request, "committees/policy.html", context)


@access.require("committees.policies")
@require_POST
def acknowledge(request, slug):
    number = request.POST.get("version", "")
    version = get_object_or_404(
        PolicyVersion.objects.select_related("policy"),
        policy__slug=slug,
        number=int(number) if number.isascii() and number.isdigit() else 0,  # numbered from 1
    )
    try:
        services.acknowledge_policy(version=version, user=request.user)
    except services.CommitteeError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, f"Thank you: you have acknowledged {version.policy.title}.")
    return redirect("committees:policies")


@access.require("governance.policy_status")
@require_GET
def policy_missing(request, slug):
    found = get_object_or_404(Policy, slug=slug)
    people = selectors.supporters_missing_acknowledgement(
        found, unit_ids=access.supporter_units_in_view(request.user)
    )
    return render(
        request,
        "committees/policy_missing.html",
        {"policy": found, "page": page_of(request, people)},
    )


@access.require("governance.publish_policy")
@require_http_methods(["GET", "POST"])
def new_policy(request):
    form = forms.PolicyForm(request.POST or None)
    if form.is_valid():
        try:
            policy, _version = services.create_policy(actor=request.user, **form.cleaned_data)
        except (services.CommitteeError, ValidationError) as error:
            form.add_error("title", error.messages if hasattr(error, "messages") else str(error))
        else:
            messages.success(
                request, gettext("Policy published; supporters are asked to acknowledge it.")
            )
            return redirect("committees:policy", slug=policy.slug)
    return render(
        request, "committees/form.html", {"form": form, "title": gettext("Write a new policy")}
    )


@access.require("governance.publish_policy")
@require_http_methods(["GET", "POST"])
def publish_policy(request, slug):
    found = get_object_or_404(Policy, slug=slug)
    current = found.versions.order_by("-number").first()
    form = forms.PolicyVersionForm(
        request.POST or None, initial={"body": getattr(current, "body", "")}
    )
    if form.is_valid():
        version = services.publish_policy_version(
            policy=found, body=form.cleaned_data["body"], actor=request.user
        )
        messages.success(
            request,
            f"Version {version.number} published; supporters will be asked to acknowledge it.",
        )
        return redirect("committees:policy", slug=slug)
    return render(request, "committees/form.html", {"form": form, "title": f"New version: {found}"})
