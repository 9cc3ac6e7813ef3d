"""Request pages: access helper -> form -> service or selector -> render or redirect."""

from functools import partial, wraps
from urllib.parse import urlencode

from django.conf import settings
from django.contrib import messages
from django.core.paginator import Paginator
from django.db import transaction
from django.http import Http404, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from core import audit
from core.conf import program_text
from core.models import AuditAction, User
from core.roles import Role
from roster.models import Unit, UnitKind
from support_requests import access, forms, matching, selectors, services, tables, wording
from support_requests.models import (
    HELD_STATES,
    OPEN_STATES,
    UNASSIGNED_STATES,
    RedirectReason,
)

PAGE_SIZE = 25
SENSITIVE_FIELDS = ("details", "contact_detail", "contact_time", "colleague_name")
ALL_ACTIONS = sorted(frozenset().union(*access.REQUEST_ACTIONS.values()))


def _refused(request, error: services.NotAllowed, object_type: str, object_id):
    """A 403 page with the reason, and the refusal in the audit log."""
    audit.record_denied(request, object_type=object_type, object_id=str(object_id))
    return render(request, "errors/403.html", {"reason": str(error)}, status=403)


def request_action(*actions: str):
    """A POST-only action on one request: 404 if you may not see it, 405 for GET, 403 unless
    your role on the request allows one of `actions`, and a refused change (a state that does
    not allow it) shown as a message on the request's page."""

    def decorator(view):
        @wraps(view)
        def wrapper(request, request_id):
            support_request = access.access_request(request, request_id)
            if request.method != "POST":
                return HttpResponseNotAllowed(["POST"])
            try:
                if not any(
                    access.may_act_on_request(request.user, support_request, action)
                    for action in actions
                ):
                    raise services.NotAllowed("This change is not part of your role here.")
                return view(request, support_request)
            except services.NotAllowed as error:
                return _refused(request, error, "support_request", support_request.pk)
            except services.RequestError as error:
                messages.error(request, str(error))
                return redirect("support_requests:detail", support_request.pk)

        return wrapper

    return decorator


# ---------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------


# Not one request-wide transaction: submit_request and record_redirection are each atomic, and
# the rest only reads (two statements fewer, BEGIN/COMMIT around a savepoint, on the busiest POST).
@transaction.non_atomic_requests
@sensitive_post_parameters(*SENSITIVE_FIELDS)
@require_http_methods(["GET", "POST"])
@access.require("requests.submit")
def new_request(request):
    screening = forms.ScreeningForm(request.POST or None)
    for_colleague = request.POST.get("need") == forms.FOR_COLLEAGUE
    form = forms.IntakeForm(request.POST or None, for_colleague=for_colleague)
    if request.method == "POST" and screening.is_valid():
        need = screening.cleaned_data["need"]
        if need not in forms.PEER_SUPPORT:
            services.record_redirection(reason=need)
            return render(
                request, "support_requests/redirected.html", {"reason": need, **_contacts()}
            )
        if form.is_valid():
            try:
                support_request, created = services.submit_request(
                    requester=request.user, intake=form.intake()
                )
            except services.RequestError as error:
                messages.error(request, str(error))
            else:
                return _confirmation(request, support_request, created)
    status = 400 if request.method == "POST" else 200
    context = {"screening": screening, "form": form, **_contacts()}
    return render(request, "support_requests/new.html", context, status=status)


def _confirmation(request, support_request, created: bool):
    """What happens next, and by when (the response-time target of the request's urgency)."""
    target = selectors.target_for(support_request.urgency)
    context = {
        "support_request": support_request,
        "created": created,
        "target_words": selectors.describe_duration(target),
        "due_at": support_request.submitted_at + target,
    }
    return render(request, "support_requests/submitted.html", context)


def _contacts() -> dict:
    """The HR and EAP contacts in the page's language."""
    return {"hr_contact": program_text("HR_CONTACT"), "eap_contact": program_text("EAP_CONTACT")}


# ---------------------------------------------------------------------------------------------
# Lists
# ---------------------------------------------------------------------------------------------


def _page(request, queryset):
    """A page of a queue, with only the columns its table shows."""
    queryset = queryset.only(*tables.QUEUE_FIELDS)
    page = Paginator(queryset, PAGE_SIZE).get_page(request.GET.get("page"))
    selectors.with_timing(page.object_list)
    return page


@require_GET
@access.require("requests.mine")
def my_requests(request):
    page = Paginator(selectors.requests_of(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    for row in page.object_list:
        row.plain_state = wording.status_line(
            row.state, frozenset({"requester"}), for_colleague=row.for_colleague
        )
    context = {"page": page, "open_states": OPEN_STATES}
    return render(request, "support_requests/mine.html", context)


@transaction.non_atomic_requests  # it only reads
@require_GET
@access.require("requests.triage")
def triage_queue(request):
    filters = forms.QueueFilterForm(request.GET or None)
    state, unit = "", None
    if filters.is_valid():
        state, unit = filters.cleaned_data["state"], filters.cleaned_data["unit"]
    page = _page(request, selectors.triage_queue(request.user, state=state, unit=unit))
    query = request.GET.copy()
    query.pop("page", None)
    context = {
        "title": gettext("Triage queue"),
        "page": page,
        "table": tables.queue_table(gettext("Triage queue"), page),
        "filters": filters,
        "query": query.urlencode(),
    }
    return render(request, "support_requests/queue.html", context)


@transaction.non_atomic_requests  # it only reads
@require_GET
@access.require("requests.unit_queue")
def unit_queue(request):
    page = _page(request, selectors.unit_queue(request.user))
    context = {
        "title": gettext("Unit queue"),
        "page": page,
        "table": tables.queue_table(gettext("Unit queue"), page),
    }
    return render(request, "support_requests/queue.html", context)


@transaction.non_atomic_requests  # it only reads
@require_GET
@access.require("requests.assignments")
def my_assignments(request):
    page = _page(request, selectors.assignments_of(request.user))
    claimable = services.claimable_by(request.user).select_related("unit")
    context = {
        "title": gettext("My assignments"),
        "page": page,
        "table": tables.queue_table(gettext("My assignments"), page),
        "outreach_assignments": selectors.outreach_assignments_of(request.user),
        "claimable": selectors.with_timing(list(claimable.order_by("submitted_at")[:PAGE_SIZE])),
    }
    return render(request, "support_requests/queue.html", context)


@require_GET
@access.require("requests.access_log")
def access_log(request):
    filters = forms.AccessLogFilterForm(request.GET)
    request_id = filters.request_id()
    events = selectors.access_log(request_id=request_id)
    page = Paginator(events, 50).get_page(request.GET.get("page"))
    query = urlencode({"request": request_id}) if request_id else ""
    context = {
        "page": page,
        "table": tables.access_log_table(page, request_id),
        "filters": filters,
        "request_id": request_id,
        "query": query,
    }
    return render(request, "support_requests/access_log.html", context)


# ---------------------------------------------------------------------------------------------
# One request
# ---------------------------------------------------------------------------------------------


def _detail_context(request, support_request, **bound) -> dict:
    relations = access.relation_to_request(request.user, support_request)
    allowed = access.actions_on_request(request.user, support_request)
    user = request.user
    state = support_request.state
    context = {
        "support_request": support_request,
        "relations": relations,
        "timing": selectors.timing(support_request),
        "plain_state": wording.status_line(
            state, relations, for_colleague=support_request.for_colleague
        ),
        "may": {action: action in allowed for action in ALL_ACTIONS},
        "open": state in OPEN_STATES,
    }
    if _may_pick_supporter(user, support_request):
        # Ranked suggestions and, when searched for, matches: never the whole pool (thousands).
        search_form = _search_form(request, support_request)
        term = search_form.term()
        context["assign_form"] = bound.get("assign_form") or forms.PickSupporterForm()
        context["suggestions"] = selectors.suggestions_for(user, support_request)
        context["search_form"] = search_form
        context["term"] = term
        context["matches"] = selectors.find_assignable(user, support_request, term)
        context["search_limit"] = selectors.SEARCH_LIMIT
    # A class (or partial) is called by the template only where it shows that action's panel:
    # no form is built for an action the viewer cannot take in this state.
    context["route_form"] = bound.get("route_form") or forms.RouteForm
    context["redirect_form"] = bound.get("redirect_form") or forms.RedirectForm
    context["undo_until"] = services.redirect_undo_until(support_request)
    if "supporter" in relations:
        context.update(_correction_forms(support_request, bound))
    context["decline_form"] = bound.get("decline_form") or forms.DeclineForm
    context["hand_back_form"] = bound.get("hand_back_form") or forms.HandBackForm
    context["no_contact_form"] = bound.get("no_contact_form") or forms.NoContactForm
    context["no_contact_states"] = services.NO_CONTACT_STATES
    now = timezone.localtime()
    context["contact_form"] = bound.get("contact_form") or partial(
        forms.FirstContactForm,
        initial={"on": now.date(), "at": now.time().replace(second=0, microsecond=0)},
    )
    context["close_form"] = bound.get("close_form") or partial(
        forms.CloseForm, by_supporter="supporter" in relations
    )
    return context


def _search_form(request, support_request) -> forms.SupporterSearchForm:
    """The supporter search, bound only when a term was sent (a plain GET without JavaScript, or
    htmx as the person types)."""
    return forms.SupporterSearchForm(
        request.GET if "q" in request.GET else None,
        search_url=reverse("support_requests:supporter_search", args=[support_request.pk]),
    )


def _correction_forms(support_request, bound) -> dict:
    """The supporter's correction forms, filled with what is recorded, while corrections are open."""
    until = services.correction_open_until(support_request)
    if until is None or until < timezone.now():
        return {}
    contacted = timezone.localtime(support_request.first_contact_at)
    forms_ = {
        "correct_until": until,
        "correct_contact_form": bound.get("correct_contact_form")
        or forms.FirstContactForm(
            initial={"on": contacted.date(), "at": contacted.strftime("%H:%M")},
            auto_id="correct_contact_%s",
        ),
    }
    fact = getattr(support_request, "intervention", None) if support_request.closed_at else None
    if fact is not None:
        forms_["correct_closing_form"] = bound.get("correct_closing_form") or forms.CloseForm(
            initial={name: getattr(fact, name) for name in services.CLOSING_FIELDS},
            by_supporter=False,
            auto_id="correct_closing_%s",
        )
    return forms_


def _may_pick_supporter(user, support_request) -> bool:
    """May this person assign the request now (or reassign it while a supporter holds it)?"""
    state = support_request.state
    return (
        state in UNASSIGNED_STATES and access.may_act_on_request(user, support_request, "assign")
    ) or (state in HELD_STATES and access.may_act_on_request(user, support_request, "reassign"))


def _record_read(request, support_request) -> None:
    audit.record(
        action=AuditAction.READ_DETAILS,
        actor=request.user,
        object_type="support_request",
        object_id=support_request.pk,
        by_requester=support_request.requester_id == request.user.pk,
    )


def _invalid(request, support_request, **bound):
    _record_read(request, support_request)  # the page shows the details again
    context = _detail_context(request, support_request, **bound)
    context["form_errors"] = True
    return render(request, "support_requests/detail.html", context, status=400)


# Not one request-wide transaction: the page's only write is the audit entry of the read, one
# INSERT that is atomic by itself (BEGIN and COMMIT were two of its statements, and on SQLite
# BEGIN IMMEDIATE held the database's write lock while the page was built).
@transaction.non_atomic_requests
@require_GET
def request_detail(request, request_id):
    support_request = access.access_request(request, request_id)
    _record_read(request, support_request)
    context = _detail_context(request, support_request)
    return render(request, "support_requests/detail.html", context)


def _done(request, support_request, message: str):
    messages.success(request, message)
    if access.visible_requests(request.user).filter(pk=support_request.pk).exists():
        return redirect("support_requests:detail", support_request.pk)
    return redirect("home")


def claim(request, request_id):
    """The supporter on call claims a "today" request they cannot read yet: 404 for anyone else."""
    support_request = services.claimable_by(request.user).filter(pk=request_id).first()
    if support_request is None:
        raise Http404("No such request.")
    if request.method != "POST":
        return HttpResponseNotAllowed(["POST"])
    try:
        services.claim_urgent(actor=request.user, support_request=support_request)
    except services.RequestError as error:
        messages.error(request, str(error))
        return redirect("support_requests:assigned")
    return _done(request, support_request, gettext("Claimed. Please reach out now."))


@request_action("take_back")
def take_back(request, support_request):
    services.take_back(actor=request.user, support_request=support_request)
    return _done(request, support_request, "Taken back from the supporter.")


@request_action("triage")
def triage(request, support_request):
    services.triage(actor=request.user, support_request=support_request)
    return _done(request, support_request, "Marked as triaged.")


@request_action("route")
def route(request, support_request):
    form = forms.RouteForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, route_form=form)
    services.route_to_unit(
        actor=request.user,
        support_request=support_request,
        unit=form.cleaned_data["unit"],
    )
    return _done(request, support_request, f"Routed to {form.cleaned_data['unit']}.")


@request_action("route")
def return_to_triage(request, support_request):
    services.return_to_triage(actor=request.user, support_request=support_request)
    return _done(request, support_request, "Taken back into central triage.")


@request_action("hand_back")
def hand_back(request, support_request):
    form = forms.HandBackForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, hand_back_form=form)
    services.hand_back(
        actor=request.user,
        support_request=support_request,
        reason=form.cleaned_data["reason"],
    )
    return _done(request, support_request, "Handed back to the central lead.")


@transaction.non_atomic_requests  # it only reads
@require_GET
def supporter_search(request, request_id):
    """Supporters matching a name or email, as radio options for the request page (htmx)."""
    support_request = access.access_request(request, request_id)
    if not _may_pick_supporter(request.user, support_request):
        raise Http404("No such request.")
    search_form = _search_form(request, support_request)
    term = search_form.term()
    matches = selectors.find_assignable(request.user, support_request, term)
    context = {
        "matches": matches,
        "term": term,
        "search_limit": selectors.SEARCH_LIMIT,
        # On the full page the field shows its own error; here only this part is replaced.
        "search_problem": search_form.problem(),
    }
    return render(request, "support_requests/_supporter_matches.html", context)


@request_action("assign", "reassign")
def assign(request, support_request):
    form = forms.PickSupporterForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, assign_form=form)
    held = support_request.state in HELD_STATES
    service = services.reassign if held else services.assign_supporter
    supporter = form.cleaned_data["supporter"]
    service(actor=request.user, support_request=support_request, supporter=supporter)
    return _done(request, support_request, f"Assigned to {supporter.display_name}.")


@request_action("redirect")
def redirect_request(request, support_request):
    """First POST: a confirmation page saying what will be deleted; the confirmed POST redirects."""
    form = forms.RedirectForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, redirect_form=form)
    reason = form.cleaned_data["reason"]
    if request.POST.get("confirm") != "yes":
        context = {
            "support_request": support_request,
            "reason": reason,
            "reason_label": RedirectReason(reason).label,
            "undo_minutes": settings.PEERSUPPORT["REDIRECT_UNDO_MINUTES"],
        }
        return render(request, "support_requests/redirect_confirm.html", context)
    services.redirect(actor=request.user, support_request=support_request, reason=reason)
    minutes = settings.PEERSUPPORT["REDIRECT_UNDO_MINUTES"]
    message = f"Redirected: {RedirectReason(reason).label}. You can undo it for {minutes} minutes."
    return _done(request, support_request, message)


@request_action("redirect")
def undo_redirect(request, support_request):
    services.undo_redirect(actor=request.user, support_request=support_request)
    return _done(request, support_request, "Redirection undone. The request is back in the queue.")


@request_action("accept")
def accept(request, support_request):
    services.accept(actor=request.user, support_request=support_request)
    return _done(request, support_request, gettext("Accepted. Please reach out soon."))


@request_action("decline")
def decline(request, support_request):
    form = forms.DeclineForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, decline_form=form)
    services.decline(
        actor=request.user,
        support_request=support_request,
        reason=form.cleaned_data["reason"],
    )
    messages.success(request, gettext("Declined. The lead will find another supporter."))
    return redirect("support_requests:assigned")


@request_action("log_contact")
def log_contact(request, support_request):
    form = forms.FirstContactForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, contact_form=form)
    services.log_first_contact(
        actor=request.user,
        support_request=support_request,
        contacted_at=form.contacted_at(),
    )
    return _done(request, support_request, gettext("First contact logged."))


@request_action("close")
def close(request, support_request):
    is_supporter = support_request.assigned_to_id == request.user.pk
    form = forms.CloseForm(request.POST, by_supporter=is_supporter)
    if not form.is_valid():
        return _invalid(request, support_request, close_form=form)
    services.close(actor=request.user, support_request=support_request, report=form.report())
    return _done(request, support_request, gettext("Closed. Thank you for supporting a colleague."))


@request_action("close_no_contact")
def close_no_contact(request, support_request):
    form = forms.NoContactForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, no_contact_form=form)
    services.close_without_contact(
        actor=request.user, support_request=support_request, **form.cleaned_data
    )
    return _done(
        request, support_request, gettext("Closed without contact. It counts as an attempt.")
    )


@request_action("correct")
def correct_contact(request, support_request):
    form = forms.FirstContactForm(request.POST)
    if not form.is_valid():
        return _invalid(request, support_request, correct_contact_form=form)
    services.correct_first_contact(
        actor=request.user,
        support_request=support_request,
        contacted_at=form.contacted_at(),
    )
    return _done(request, support_request, gettext("First contact corrected."))


@request_action("correct")
def correct_closing(request, support_request):
    form = forms.CloseForm(request.POST, by_supporter=False)
    if not form.is_valid():
        return _invalid(request, support_request, correct_closing_form=form)
    services.correct_closing_form(
        actor=request.user, support_request=support_request, report=form.report()
    )
    return _done(request, support_request, gettext("Closing form corrected."))


@request_action("withdraw")
def withdraw(request, support_request):
    services.withdraw(actor=request.user, support_request=support_request)
    messages.success(request, gettext("Your request is withdrawn and its details are deleted."))
    return redirect("support_requests:mine")


@require_http_methods(["GET", "POST"])
def survey(request, request_id):
    # The requester's own page: for anyone else the request does not exist here.
    support_request = access.access_request(request, request_id)
    if support_request.requester_id != request.user.pk:
        raise Http404("No such request.")
    form = forms.SurveyForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.answer_survey(
                actor=request.user, support_request=support_request, **form.cleaned_data
            )
        except services.RequestError as error:
            messages.error(request, str(error))
        else:
            messages.success(
                request, gettext("Thank you. Your answer is stored without your name.")
            )
            return redirect("support_requests:mine")
    status = 400 if request.method == "POST" else 200
    context = {"form": form, "support_request": support_request}
    return render(request, "support_requests/survey.html", context, status=status)


# ---------------------------------------------------------------------------------------------
# Reach-in outreach
# ---------------------------------------------------------------------------------------------


def _outreach_units(user):
    """Central leads open an outreach for any unit; local leads for the units they lead."""
    units = Unit.objects.filter(kind__in=[UnitKind.UNIT, UnitKind.DEPARTMENT]).order_by("name")
    if access.has_role(user, Role.CENTRAL_LEAD):
        return units
    return units.filter(pk__in=access.units_led_by(user))


@require_GET
@access.require("requests.outreach")
def outreach_list(request):
    page = Paginator(selectors.outreaches_for(request.user), PAGE_SIZE).get_page(
        request.GET.get("page")
    )
    form = forms.OutreachForm(units=_outreach_units(request.user))
    context = {"page": page, "table": tables.outreach_table(page), "form": form}
    return render(request, "support_requests/outreach_list.html", context)


@access.require("requests.outreach")
@require_POST
def outreach_new(request):
    form = forms.OutreachForm(request.POST, units=_outreach_units(request.user))
    if form.is_valid():
        try:
            outreach = services.open_outreach(actor=request.user, **form.cleaned_data)
        except services.RequestError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, "Outreach opened. Now ask supporters to reach out.")
            return redirect("support_requests:outreach_detail", outreach.pk)
    page = Paginator(selectors.outreaches_for(request.user), PAGE_SIZE).get_page(1)
    context = {"page": page, "table": tables.outreach_table(page), "form": form}
    return render(request, "support_requests/outreach_list.html", context, status=400)


def outreach_action(view):
    """A POST-only action on one outreach: 404 if you may not see it, 405 for GET."""

    @wraps(view)
    def wrapper(request, outreach_id):
        outreach = access.access_outreach(request, outreach_id)
        if request.method != "POST":
            return HttpResponseNotAllowed(["POST"])
        try:
            return view(request, outreach)
        except services.NotAllowed as error:
            return _refused(request, error, "outreach", outreach.pk)
        except services.RequestError as error:
            messages.error(request, str(error))
            return redirect("support_requests:outreach_detail", outreach.pk)

    return wrapper


def _outreach_context(request, outreach, **bound) -> dict:
    user = request.user
    manages = access.may_open_outreach(user, outreach.unit_id)
    assignments = outreach.assignments.select_related("supporter").order_by("assigned_at")
    context = {
        "outreach": outreach,
        "manages": manages,
        "assignments": assignments,
        "table": tables.outreach_supporters_table(assignments),
        "is_outreach_supporter": any(a.supporter_id == user.pk for a in assignments),
        "contacts_form": bound.get("contacts_form")
        or forms.OutreachContactsForm(limit=services.outreach_contact_limit(outreach)),
    }
    if manages:
        eligible = matching.eligible_supporters(requester_id=None).exclude(
            user_id__in=[a.supporter_id for a in assignments]
        )
        supporters = (
            User.objects.filter(pk__in=eligible.values("user_id"))
            .select_related("supporter_profile__home_unit")
            .order_by("last_name", "first_name", "pk")
        )
        context["assign_form"] = bound.get("assign_form") or forms.AssignForm(supporters=supporters)
        context["correction_form"] = bound.get("correction_form") or forms.OutreachCorrectionForm(
            assignments=assignments
        )
    return context


@require_GET
def outreach_detail(request, outreach_id):
    outreach = access.access_outreach(request, outreach_id)
    return render(
        request, "support_requests/outreach_detail.html", _outreach_context(request, outreach)
    )


@outreach_action
def outreach_assign(request, outreach):
    context = _outreach_context(request, outreach)
    if "assign_form" not in context:
        raise services.NotAllowed("You may assign supporters only to your units' outreaches.")
    form = forms.AssignForm(
        request.POST, supporters=context["assign_form"].fields["supporter"].queryset
    )
    if not form.is_valid():
        context["assign_form"] = form
        return render(request, "support_requests/outreach_detail.html", context, status=400)
    services.assign_to_outreach(
        actor=request.user,
        outreach=outreach,
        supporter=form.cleaned_data["supporter"],
    )
    messages.success(request, "Supporter added to the outreach.")
    return redirect("support_requests:outreach_detail", outreach.pk)


@outreach_action
def outreach_contacts(request, outreach):
    limit = services.outreach_contact_limit(outreach)
    form = forms.OutreachContactsForm(request.POST, limit=limit)
    if not form.is_valid():
        context = _outreach_context(request, outreach, contacts_form=form)
        return render(request, "support_requests/outreach_detail.html", context, status=400)
    try:
        services.log_outreach_contacts(actor=request.user, outreach=outreach, **form.cleaned_data)
    except services.NeedsConfirmation as question:
        form = forms.OutreachContactsForm(request.POST, limit=limit, confirming=True)
        form.is_valid()
        form.add_error("confirmed", str(question))
        context = _outreach_context(request, outreach, contacts_form=form)
        return render(request, "support_requests/outreach_detail.html", context)
    messages.success(request, "Contacts logged. Thank you.")
    return redirect("support_requests:outreach_detail", outreach.pk)


@outreach_action
def outreach_correct(request, outreach):
    form = forms.OutreachCorrectionForm(request.POST, assignments=outreach.assignments.all())
    if not form.is_valid():
        context = _outreach_context(request, outreach, correction_form=form)
        return render(request, "support_requests/outreach_detail.html", context, status=400)
    services.correct_outreach_contacts(actor=request.user, **form.cleaned_data)
    messages.success(request, "Count corrected; the previous number is kept in the audit log.")
    return redirect("support_requests:outreach_detail", outreach.pk)


@outreach_action
def outreach_close(request, outreach):
    services.close_outreach(actor=request.user, outreach=outreach)
    messages.success(request, "Outreach closed.")
    return redirect("support_requests:outreach_detail", outreach.pk)
