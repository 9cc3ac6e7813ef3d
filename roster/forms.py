"""What people type into the roster's pages. Validation and layout only; rules live in services."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import dates
from core.models import User
from core.spoken_languages import SPOKEN_LANGUAGES, join_codes
from roster import selectors
from roster.models import GrantedRole, JobRoleType, SupporterStatus, Unit, UnitKind
from roster.widgets import FastSelect, UnitChoiceField

MAX_IMPORT_BYTES = 2 * 1024 * 1024


class DirectoryFilterForm(forms.Form):
    search = forms.CharField(label=_("Name or email"), required=False, max_length=100)
    # The filter's short lists too are written by FastSelect: Django's Select renders a template
    # per option (four lists, 30 options: about a tenth of the directory page).
    role_type = forms.ChoiceField(
        label=_("Role type"),
        required=False,
        choices=[("", "Any role type"), *JobRoleType.choices],
        widget=FastSelect,
    )
    unit = UnitChoiceField(
        label=_("Unit or department"),
        required=False,
        queryset=Unit.objects.none(),
        empty_label=_("Any"),
    )
    language = forms.ChoiceField(
        label=_("Language"),
        required=False,
        choices=[("", _("Any")), *SPOKEN_LANGUAGES],
        widget=FastSelect,
    )
    status = forms.ChoiceField(
        label=_("Status"),
        required=False,
        choices=[("", "Any status"), *SupporterStatus.choices],
        widget=FastSelect,
    )
    available = forms.ChoiceField(
        label=_("Availability"),
        required=False,
        choices=[("", "Any"), ("yes", "Available"), ("no", "Not available")],
        widget=FastSelect,
    )
    refresher_overdue = forms.BooleanField(label=_("Refresher overdue"), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.managed_units(user)


class NominationForm(forms.Form):
    email = forms.EmailField(
        label=_("Staff member's work email"),
        help_text=_("They will be invited; the choice is theirs."),
    )
    unit = UnitChoiceField(
        label=_("Home unit"), queryset=Unit.objects.none(), empty_label=_("Choose a unit")
    )
    role_type = forms.ChoiceField(label=_("Job role type"), choices=JobRoleType.choices)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = selectors.managed_units(user).filter(kind=UnitKind.UNIT)

    def clean_email(self) -> User:
        email = self.cleaned_data["email"].lower()
        nominee = User.objects.filter(email=email, is_active=True).first()
        if nominee is None:
            raise forms.ValidationError("No active staff account has this email address.")
        return nominee


class VolunteerForm(forms.Form):
    unit = UnitChoiceField(
        label=_("The unit you work in"),
        queryset=Unit.objects.filter(kind=UnitKind.UNIT).order_by("name"),
        empty_label=_("Choose your unit"),
    )
    role_type = forms.ChoiceField(label=_("Your job role type"), choices=JobRoleType.choices)


class AcceptInvitationForm(forms.Form):
    agreement = forms.BooleanField(
        label=_("I have read the confidentiality agreement above and I sign it."),
        required=True,
        error_messages={"required": _("To accept, tick the box to sign the agreement.")},
    )


class StatusForm(forms.Form):
    status = forms.ChoiceField(
        label=_("New status"),
        choices=[
            ("", _("Choose a status")),
            *[(s.value, s.label) for s in SupporterStatus if s != SupporterStatus.NOMINATED],
        ],
    )


class SupporterProfileForm(forms.Form):
    role_type = forms.ChoiceField(label=_("Job role type"), choices=JobRoleType.choices)
    home_unit = UnitChoiceField(
        label=_("Home unit"), queryset=Unit.objects.none(), empty_label=_("Choose a unit")
    )
    languages = forms.MultipleChoiceField(
        label=_("Languages"), choices=SPOKEN_LANGUAGES, widget=forms.CheckboxSelectMultiple
    )

    def clean_languages(self) -> str:
        return join_codes(self.cleaned_data["languages"])

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_unit"].queryset = selectors.managed_units(user).filter(kind=UnitKind.UNIT)


class ShiftForm(forms.Form):
    starts_at = dates.DateTimeField(
        label=_("Starts"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )
    ends_at = dates.DateTimeField(
        label=_("Ends"), widget=forms.DateTimeInput(attrs={"type": "datetime-local"})
    )

    def clean(self):
        cleaned = super().clean()
        starts, ends = cleaned.get("starts_at"), cleaned.get("ends_at")
        if starts and ends and ends <= starts:
            self.add_error("ends_at", _("The shift must end after it starts."))
        return cleaned


class ImportForm(forms.Form):
    file = forms.FileField(
        label=_("Roster file (CSV)"),
        help_text=_(
            "Columns: email, first_name, last_name, role_type, unit (code), languages, "
            "status, available, trained_on, refresher_due_on, agreement_signed_on."
        ),
    )

    def clean_file(self) -> str:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_IMPORT_BYTES:
            raise forms.ValidationError("The file is larger than 2 MB.")
        try:
            return upload.read().decode("utf-8-sig")
        except UnicodeDecodeError as error:
            raise forms.ValidationError("The file is not UTF-8 text.") from error


class StaffEmailField(forms.EmailField):
    """A person chosen by their work email: pages never show or take internal user ids."""

    def clean(self, value):
        email = super().clean(value)
        person = User.objects.filter(email__iexact=email, is_active=True).first()
        if person is None:
            raise forms.ValidationError("No active staff account has this email address.")
        return person


class GrantRequestForm(forms.Form):
    """Propose someone for a role that opens request details (a second person confirms)."""

    role = forms.ChoiceField(
        label=_("Role"), choices=[("", _("Choose a role")), *GrantedRole.choices]
    )
    person = StaffEmailField(label=_("Work email of the person"))
    unit = forms.ModelChoiceField(
        label=_("Unit (local lead only)"),
        queryset=Unit.objects.filter(kind=UnitKind.UNIT),
        required=False,
        empty_label=_("None: a central lead"),
        help_text=_("Leave empty for a central lead."),
    )

    def clean(self):
        data = super().clean()
        if data.get("role") == GrantedRole.LOCAL_LEAD and not data.get("unit"):
            self.add_error("unit", "Choose the unit this person will lead.")
        if data.get("role") == GrantedRole.CENTRAL_LEAD:
            data["unit"] = None
        return data


class RevokeRoleForm(forms.Form):
    """End a holder's role: the person by email, the unit by id (units are not confidential)."""

    role = forms.ChoiceField(choices=GrantedRole.choices, widget=forms.HiddenInput)
    person = StaffEmailField(widget=forms.HiddenInput)
    unit = forms.ModelChoiceField(
        queryset=Unit.objects.all(), required=False, widget=forms.HiddenInput
    )
