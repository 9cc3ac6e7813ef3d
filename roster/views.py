"""Roster pages: the leads' directory and coverage, nominations, import/export, the on-call rota,
and the supporter's own profile. Each view asks roster.access on its first line."""

import datetime

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import audit
from core.confirm import confirmation_page, confirmed
from core.models import AuditAction
from core.templatetags.ui import when
from roster import access, roster_csv, selectors, services
from roster import grants as grant_service
from roster.forms import (
    AcceptInvitationForm,
    DirectoryFilterForm,
    GrantRequestForm,
    ImportForm,
    NominationForm,
    RevokeRoleForm,
    ShiftForm,
    StatusForm,
    SupporterProfileForm,
    VolunteerForm,
)
from roster.models import (
    GrantedRole,
    JobRoleType,
    RoleGrant,
    StatusChange,
    SupporterProfile,
    SupporterStatus,
)

PAGE_SIZE = 50
IMPORT_SESSION_KEY = "roster_import_csv"


def _refuse_unless_post(request):
    """For object actions: the object check (404) comes first, then the method (405)."""
    return None if request.method == "POST" else HttpResponseNotAllowed(["POST"])


# ---- leads: directory, supporter, coverage ---------------------------------------------------


@require_GET
@access.require("roster.directory")
def directory(request):
    form = DirectoryFilterForm(request.GET or None, user=request.user)
    filters = form.cleaned_data if form.is_valid() else {}
    profiles = selectors.directory_entries(selectors.directory(request.user, **filters))
    page = Paginator(profiles, PAGE_SIZE).get_page(request.GET.get("page"))
    query = request.GET.copy()
    query.pop("page", None)
    return render(
        request,
        "roster/directory.html",
        {"page": page, "form": form, "query": query.urlencode(), "today": timezone.localdate()},
    )


def _units_without_lead(user) -> dict:
    """For those who appoint local leads: the units that have none (the first page of them)."""
    if not access.may(user, "roster.grants"):
        return {"without_lead": None}
    units = selectors.units_without_lead()
    return {"without_lead": units.values("name")[:PAGE_SIZE], "without_lead_count": units.count()}


@require_GET
@access.require("roster.administer")
def export(request):
    profiles = selectors.supporters_visible_to(request.user).order_by("user__last_name", "pk")
    audit.record(action=AuditAction.EXPORT, actor=request.user, object_type="roster")
    response = HttpResponse(roster_csv.write(profiles), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = 'attachment; filename="roster.csv"'
    return response


@require_GET
def supporter(request, pk: int):
    profile = access.access_supporter(request, pk)
    history = StatusChange.objects.filter(profile=profile).select_related("changed_by")
    return render(
        request,
        "roster/supporter.html",
        {"profile": profile, "history": history, "status_form": StatusForm()},
    )


@require_http_methods(["GET", "POST"])
def edit_supporter(request, pk: int):
    profile = access.access_supporter(request, pk)
    initial = {
        "role_type": profile.role_type,
        "home_unit": profile.home_unit,
        "languages": profile.languages.split(","),
    }
    form = SupporterProfileForm(
        request.POST if request.method == "POST" else None, initial=initial, user=request.user
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.update_profile(profile=profile, actor=request.user, **form.cleaned_data)
        except services.RosterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, "The supporter's profile is saved.")
            return redirect("roster:supporter", pk=profile.pk)
    return render(request, "roster/edit_supporter.html", {"profile": profile, "form": form})


def change_status(request, pk: int):
    profile = access.access_supporter(request, pk)
    if refused := _refuse_unless_post(request):
        return refused
    form = StatusForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Choose a status.")
    elif form.cleaned_data["status"] == SupporterStatus.RETIRED and not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Record that %(name)s has left the program?")
            % {"name": profile.user.display_name},
            consequences=[
                gettext("They are no longer a peer supporter: no new request is offered to them."),
                gettext("Only a new nomination, which they accept, brings them back."),
            ],
            button=gettext("Yes, record that they left"),
            back=reverse("roster:supporter", args=[profile.pk]),
            fields=[("status", SupporterStatus.RETIRED)],
        )
    else:
        try:
            services.change_status(
                profile=profile, to_status=form.cleaned_data["status"], actor=request.user
            )
        except services.RosterError as error:
            messages.error(request, str(error))
        else:
            messages.success(request, f"Status changed to {profile.get_status_display()}.")
    return redirect("roster:supporter", pk=profile.pk)


@require_GET
@access.require("roster.directory")
def coverage(request):
    # A health system has thousands of units: the table is paginated (uncovered units sort first,
    # so the uncovered ones named are this page's) and the uncovered total is counted in the database.
    counts = selectors.coverage_counts(request.user)
    paginator = Paginator(selectors.coverage(request.user), PAGE_SIZE)
    paginator.count = counts["units"]  # counted with the uncovered units, in one statement
    page = paginator.get_page(request.GET.get("page"))
    mix = selectors.role_type_mix(request.user)
    labels = dict(JobRoleType.choices)
    return render(
        request,
        "roster/coverage.html",
        {
            "page": page,
            "uncovered": [unit for unit in page.object_list if unit["ready"] == 0],
            "uncovered_count": counts["uncovered"],
            "mix": [(labels[row["role_type"]], row["count"]) for row in mix],
            **_units_without_lead(request.user),
        },
    )


# ---- nominations and invitations -------------------------------------------------------------


@require_GET
@access.require("roster.nominate")
def nominations(request):
    page = Paginator(selectors.nominations_visible_to(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    return render(request, "roster/nominations.html", {"page": page})


@require_http_methods(["GET", "POST"])
@access.require("roster.nominate")
def nominate(request):
    form = NominationForm(request.POST if request.method == "POST" else None, user=request.user)
    if request.method == "POST" and form.is_valid():
        try:
            services.nominate(
                nominator=request.user,
                nominee=form.cleaned_data["email"],
                unit=form.cleaned_data["unit"],
                role_type=form.cleaned_data["role_type"],
            )
        except services.RosterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "The invitation is sent. The choice is theirs.")
            return redirect("roster:nominations")
    return render(request, "roster/nominate.html", {"form": form})


@require_http_methods(["GET", "POST"])
def volunteer(request):
    """Any staff member offers to become a peer supporter."""
    form = VolunteerForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.volunteer(volunteer=request.user, **form.cleaned_data)
        except services.RosterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(
                request, "Thank you. A peer support lead will look at your offer and reply."
            )
            return redirect("home")
    return render(request, "roster/volunteer.html", {"form": form})


@require_GET
@access.require("roster.nominate")
def volunteers(request):
    """The offers waiting for this lead: their units' (a central lead sees every unit's)."""
    offers = selectors.pending_volunteerings(request.user)
    return render(request, "roster/volunteers.html", {"offers": offers})


def _decide_volunteer(request, pk: int, decide, message: str):
    offer = selectors.pending_volunteerings(request.user).filter(pk=pk).first()
    if offer is None:
        raise Http404("No such offer.")
    if refused := _refuse_unless_post(request):
        return refused
    if decide is services.refuse_volunteer and not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Decline %(name)s's offer to volunteer?")
            % {"name": offer.volunteer.display_name},
            consequences=[
                gettext("They are told, kindly, that their offer is not taken up now."),
                gettext("The offer cannot be approved afterwards; they may offer again later."),
            ],
            button=gettext("Yes, decline the offer"),
            back=reverse("roster:volunteers"),
        )
    try:
        decide(actor=request.user, offer=offer)
    except services.RosterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, message)
    return redirect("roster:volunteers")


def approve_volunteer(request, pk: int):
    return _decide_volunteer(
        request, pk, services.approve_volunteer, "Approved: the invitation is sent."
    )


def refuse_volunteer(request, pk: int):
    return _decide_volunteer(request, pk, services.refuse_volunteer, "Offer declined, kindly.")


@require_http_methods(["GET", "POST"])
def invitation(request, pk: int):
    nomination = access.access_own_invitation(request, pk)
    form = AcceptInvitationForm(request.POST if request.method == "POST" else None)
    if request.method == "POST" and form.is_valid():
        try:
            services.accept_nomination(
                nomination=nomination,
                nominee=request.user,
                agreement_signed=form.cleaned_data["agreement"],
            )
        except services.RosterError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Welcome to the peer support team."))
            return redirect("roster:me")
    return render(request, "roster/invitation.html", {"nomination": nomination, "form": form})


def decline_invitation(request, pk: int):
    nomination = access.access_own_invitation(request, pk)
    if refused := _refuse_unless_post(request):
        return refused
    if not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Decline the invitation?"),
            consequences=[
                gettext("A declined invitation is final: you cannot accept it afterwards."),
                gettext("Nobody will ask you why. A lead may invite you again one day."),
            ],
            button=gettext("Yes, decline the invitation"),
            back=reverse("roster:invitation", args=[nomination.pk]),
        )
    services.decline_nomination(nomination=nomination, nominee=request.user)
    messages.success(request, gettext("You declined the invitation. Nobody will ask you why."))
    return redirect("roster:me")


# ---- import ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@access.require("roster.administer")
def import_roster(request):
    form = ImportForm(*((request.POST, request.FILES) if request.method == "POST" else ()))
    preview = None
    if request.method == "POST" and form.is_valid():
        preview = roster_csv.parse(form.cleaned_data["file"])
        if preview.errors:
            request.session.pop(IMPORT_SESSION_KEY, None)
        else:
            request.session[IMPORT_SESSION_KEY] = form.cleaned_data["file"]
    return render(request, "roster/import.html", {"form": form, "preview": preview})


@access.require("roster.administer")
@require_POST
def confirm_import(request):
    text = request.session.pop(IMPORT_SESSION_KEY, None)
    if text is None:
        messages.error(request, "Upload and preview a file first.")
        return redirect("roster:import")
    try:
        count = services.import_roster(text=text, actor=request.user)
    except services.RosterError as error:
        messages.error(request, str(error))
        return redirect("roster:import")
    messages.success(request, f"Imported {count} supporters.")
    return redirect("roster:directory")


# ---- on-call rota ----------------------------------------------------------------------------


@require_GET
@access.require("roster.on_call_overview")
def on_call(request):
    today = timezone.localdate()
    span = selectors.ROTA_DAYS_SHOWN
    days = [today + datetime.timedelta(days=offset) for offset in range(span)]
    shifts = list(
        selectors.rota_shifts(
            selectors.day_start(today), selectors.day_start(today + datetime.timedelta(days=span))
        )
    )
    gaps = set(selectors.uncovered_days([(s.starts_at, s.ends_at) for s in shifts], today, span))
    week = [
        (
            day,
            [
                s
                for s in shifts
                if s.starts_at < selectors.day_start(day + datetime.timedelta(days=1))
                and s.ends_at > selectors.day_start(day)
            ],
            day in gaps,
        )
        for day in days
    ]
    now_on_call = selectors.on_call_supporters().select_related("supporter_profile__home_unit")
    return render(request, "roster/on_call.html", {"week": week, "now_on_call": now_on_call})


# ---- the supporter's own profile -------------------------------------------------------------


@require_GET
def my_profile(request):
    profile = SupporterProfile.objects.filter(user=request.user).select_related("home_unit").first()
    context = {
        "profile": profile,
        "invitations": selectors.pending_invitations_for(request.user),
        "shifts": request.user.on_call_shifts.filter(ends_at__gt=timezone.now())[:20],
        "history": profile.status_changes.all()[:20] if profile else [],
        "shift_form": ShiftForm(),
        "today": timezone.localdate(),
    }
    return render(request, "roster/me.html", context)


def _own_profile(request) -> SupporterProfile:
    return SupporterProfile.objects.select_related("user").get(user=request.user)


@access.require("roster.own_profile")
@require_POST
def set_availability(request):
    available = request.POST.get("available") == "yes"
    services.set_availability(
        profile=_own_profile(request), available=available, actor=request.user
    )
    messages.success(
        request, gettext("You are available.") if available else gettext("You are not available.")
    )
    return redirect("roster:me")


def _change_own_status(request, to_status: str, done: str):
    try:
        services.change_status(
            profile=_own_profile(request), to_status=to_status, actor=request.user
        )
    except services.RosterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, done)
    return redirect("roster:me")


@access.require("roster.own_profile")
@require_POST
def pause(request):
    return _change_own_status(
        request, SupporterStatus.PAUSED, gettext("You are paused. Resume any time.")
    )


@access.require("roster.own_profile")
@require_POST
def resume(request):
    return _change_own_status(
        request, SupporterStatus.ACTIVE, gettext("Welcome back: you are active.")
    )


@access.require("roster.own_profile")
@require_POST
def leave(request):
    if not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Leave the peer support program?"),
            consequences=[
                gettext("You are no longer a peer supporter: no new request is offered to you."),
                gettext("To come back, a lead invites you again."),
                gettext("You never need to give a reason."),
            ],
            button=gettext("Yes, leave the program"),
            back=reverse("roster:me"),
        )
    return _change_own_status(
        request,
        SupporterStatus.RETIRED,
        gettext("You have left the program. Thank you for your support."),
    )


@access.require("roster.own_profile")
@require_POST
def sign_up_shift(request):
    form = ShiftForm(request.POST)
    if not form.is_valid():
        for errors in form.errors.values():
            messages.error(request, " ".join(errors))
        return redirect("roster:me")
    try:
        services.sign_up_for_shift(supporter=request.user, **form.cleaned_data)
    except services.RosterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("You are on the on-call rota for that shift."))
    return redirect("roster:me")


def cancel_shift(request, pk: int):
    shift = access.access_own_shift(request, pk)
    if refused := _refuse_unless_post(request):
        return refused
    if not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Cancel your on-call shift starting %(start)s?")
            % {"start": when(shift.starts_at)},
            consequences=[
                gettext("You come off the on-call rota from %(start)s to %(end)s.")
                % {"start": when(shift.starts_at), "end": when(shift.ends_at)},
                gettext("If nobody else is on call then, the rota shows a gap to the leads."),
            ],
            button=gettext("Yes, cancel the shift"),
            back=reverse("roster:me"),
        )
    try:
        services.cancel_shift(shift=shift, actor=request.user)
    except services.RosterError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, gettext("The shift is cancelled."))
    return redirect("roster:me")


# ---- grants of the roles that open request details -------------------------------------------


@access.require("roster.grants")
@require_GET
def grants(request):
    pending = list(selectors.pending_grants())
    holders = selectors.current_holders()
    for holder in holders:  # what the "end this role" button posts (RevokeRoleForm)
        unit = holder["unit"]
        holder["end_fields"] = [
            ("person", holder["user"].email),
            ("role", holder["role"].value),
            ("unit", unit.pk if unit else ""),
        ]
    context = {
        "holders": holders,
        "pending": [(grant, grant_service.may_confirm(grant, request.user)) for grant in pending],
        "history": Paginator(selectors.recent_grants(), PAGE_SIZE).get_page(
            request.GET.get("page")
        ),
        "without_lead": selectors.units_without_lead()[:PAGE_SIZE],
        "without_lead_count": selectors.units_without_lead().count(),
        "form": GrantRequestForm(),
    }
    return render(request, "roster/grants.html", context)


def _grant_outcome(request, action, success: str):
    try:
        action()
    except grant_service.GrantError as error:
        messages.error(request, str(error))
    else:
        messages.success(request, success)
    return redirect("roster:grants")


@access.require("roster.grants")
@require_POST
def propose_grant(request):
    form = GrantRequestForm(request.POST)
    if not form.is_valid():
        messages.error(
            request, "Not proposed: " + " ".join(e for el in form.errors.values() for e in el)
        )
        return redirect("roster:grants")
    data = form.cleaned_data
    return _grant_outcome(
        request,
        lambda: grant_service.request_role_grant(
            user=data["person"],
            role=data["role"],
            unit=data["unit"],
            requested_by=request.user,
        ),
        "Proposed. The role takes effect when a second person confirms it.",
    )


@access.require("roster.grants")
@require_POST
def confirm_grant(request, pk):
    grant = get_object_or_404(RoleGrant, pk=pk)
    return _grant_outcome(
        request,
        lambda: grant_service.approve_role_grant(grant=grant, approved_by=request.user),
        "Confirmed: the role is in effect.",
    )


@access.require("roster.grants")
@require_POST
def refuse_grant(request, pk):
    grant = get_object_or_404(RoleGrant, pk=pk)
    if not confirmed(request):
        return confirmation_page(
            request,
            title=gettext("Refuse the proposal for %(name)s?") % {"name": grant.user.display_name},
            consequences=[
                gettext("The role is not given, and the proposal cannot be confirmed afterwards."),
                gettext("To give the role later, someone proposes it again."),
            ],
            button=gettext("Yes, refuse the proposal"),
            back=reverse("roster:grants"),
        )
    return _grant_outcome(
        request,
        lambda: grant_service.refuse_role_grant(grant=grant, refused_by=request.user),
        "Refused.",
    )


@access.require("roster.grants")
@require_POST
def end_role(request):
    form = RevokeRoleForm(request.POST)
    if not form.is_valid():
        messages.error(request, "Not removed: choose a current holder.")
        return redirect("roster:grants")
    data = form.cleaned_data
    if not confirmed(request):
        role = GrantedRole(data["role"]).label
        return confirmation_page(
            request,
            title=gettext("End %(name)s's role as %(role)s?")
            % {"name": data["person"].display_name, "role": role},
            consequences=[
                gettext("The role ends now: they can no longer open the details of requests.")
                if data["role"] == GrantedRole.CENTRAL_LEAD
                else gettext(
                    "The role ends now: they can no longer open the details of requests routed "
                    "to %(unit)s."
                )
                % {"unit": data["unit"]},
                gettext("To give it back, one person proposes it and a second confirms it."),
            ],
            button=gettext("Yes, end the role"),
            back=reverse("roster:grants"),
            fields=[(name, request.POST.get(name, "")) for name in ("person", "role", "unit")],
        )
    return _grant_outcome(
        request,
        lambda: grant_service.revoke_role(
            user=data["person"],
            role=data["role"],
            unit=data["unit"],
            revoked_by=request.user,
        ),
        "Removed: the role ended now.",
    )
