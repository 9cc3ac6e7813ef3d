"""Supervision pages: the list of supervisees (with the overdue flag) and one record."""

from urllib.parse import urlencode

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_GET, require_http_methods

from core import audit, dates
from core.access import signed_in
from roster import supervision
from roster.forms import StaffEmailField


class OptionalStaffEmail(StaffEmailField):
    """A person by their work email, or nobody when left empty."""

    def clean(self, value):
        return super().clean(value) if (value or "").strip() else None


class SupervisionForm(forms.Form):
    supervisor = OptionalStaffEmail(
        label=_("Supervisor's email"),
        required=False,
        help_text=_("The program's psychologist, social worker or chaplain who supervises them."),
    )
    last_check_in_on = dates.DateField(
        label=_("Last check-in"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    next_due_on = dates.DateField(
        label=_("Next check-in due"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    notes = forms.CharField(
        label=_("Notes"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_(
            "Only what the program needs (the supervision plan, a training need). Never anything "
            "about a request or the people supported."
        ),
    )

    def __init__(self, *args, may_name_supervisor: bool, **kwargs):
        super().__init__(*args, **kwargs)
        if not may_name_supervisor:
            del self.fields["supervisor"]


class SearchForm(forms.Form):
    q = forms.CharField(
        label=_("Find a supporter by name or email"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search"}),
    )


@require_GET
def supervision_list(request):
    user = signed_in(request)
    if (
        not supervision.oversees_supervision(user)
        and not supervision.visible_profiles(user).exists()
    ):
        audit.record_denied(request, object_type="supervision", object_id="list")
        raise PermissionDenied(gettext("Only supervisors and the program's leads see this page."))
    search = SearchForm(request.GET or None)
    term = search.cleaned_data["q"].strip() if search.is_valid() else ""
    page = Paginator(supervision.supervision_rows(user, term), 25).get_page(request.GET.get("page"))
    context = {
        "page": page,
        "search": search,
        "querystring": urlencode({"q": term}) if term else "",
        "today": timezone.localdate(),
        "oversees": supervision.oversees_supervision(user),
        "overdue_count": supervision.overdue_count(user),
    }
    return render(request, "roster/supervision.html", context)


@require_http_methods(["GET", "POST"])
def supervision_record(request, pk: int):
    profile = supervision.access_profile(request, pk)
    user = signed_in(request)
    oversees = supervision.oversees_supervision(user)
    record = getattr(profile, "supervision", None)
    initial = {
        "supervisor": record.supervisor.email if record and record.supervisor else "",
        "last_check_in_on": record.last_check_in_on if record else None,
        "next_due_on": record.next_due_on if record else None,
        "notes": record.notes if record else "",
    }
    form = SupervisionForm(request.POST or None, initial=initial, may_name_supervisor=oversees)
    if form.is_valid():
        data = dict(form.cleaned_data)
        supervisor = data.pop("supervisor", None)
        try:
            supervision.update_record(
                profile=profile,
                actor=user,
                supervisor=supervisor,
                change_supervisor=oversees,
                **data,
            )
        except supervision.SupervisionError as error:
            form.add_error(None, str(error))
        else:
            messages.success(request, gettext("Supervision record saved."))
            return redirect("roster:supervision")
    context = {"profile": profile, "record": record, "form": form}
    return render(request, "roster/supervision_record.html", context)
