"""What people type on request pages: validation and layout only (the rules live in services)."""

import datetime
import re

from crispy_forms.helper import FormHelper
from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, validate_email
from django.forms.models import ModelChoiceIterator
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from core import dates, spoken_languages
from core.models import User
from core.spoken_languages import SPOKEN_LANGUAGES
from roster.models import JobRoleType, Unit, UnitKind
from roster.widgets import FastSelect, UnitChoiceField
from support_requests.models import (
    Category,
    ContactMethod,
    DeclineReason,
    DurationBand,
    HandBackReason,
    NoContactReason,
    PreferredRole,
    RedirectReason,
    Referral,
    State,
    Urgency,
)
from support_requests.services import ClosingReport, Intake

MAX_DETAILS = 2000


def _helper(form_tag: bool = False) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = form_tag
    helper.disable_csrf = True  # the templates write the token inside their own <form>
    return helper


class SupporterChoiceIterator(ModelChoiceIterator):
    """The same labels as label_from_instance, from one values_list: thousands of supporters at
    health-system scale would otherwise build a User, a profile and a Unit per option."""

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        roles = dict(JobRoleType.choices)
        rows = self.queryset.values_list(
            "pk",
            "first_name",
            "last_name",
            "email",
            "supporter_profile__role_type",
            "supporter_profile__home_unit__name",
        )
        for pk, first, last, email, role_type, unit in rows:
            name = f"{first} {last}".strip() or email
            yield (pk, f"{name} ({roles.get(role_type, role_type)}, {unit})")


class SupporterChoiceField(forms.ModelChoiceField):
    iterator = SupporterChoiceIterator
    widget = FastSelect

    def label_from_instance(self, obj: User) -> str:
        profile = obj.supporter_profile
        return f"{obj.display_name} ({profile.get_role_type_display()}, {profile.home_unit})"


# ---------------------------------------------------------------------------------------------
# Intake
# ---------------------------------------------------------------------------------------------

# The first question both screens (danger, a complaint, a team debrief go elsewhere) and asks who
# the support is for: one question instead of two.
FOR_ME, FOR_COLLEAGUE = "me", "colleague"
PEER_SUPPORT = (FOR_ME, FOR_COLLEAGUE)
SCREENING_CHOICES = [
    (FOR_ME, _("Support for me, after something hard at work")),
    (FOR_COLLEAGUE, _("Support for a colleague")),
    ("crisis", _("Someone is in danger or may harm themselves right now")),
    ("hr", _("A complaint about a colleague's professional conduct")),
    ("eap", _("A debrief for a whole team or group")),
]


class ScreeningForm(forms.Form):
    need = forms.ChoiceField(
        label=_("Who is the support for?"),
        choices=SCREENING_CHOICES,
        initial=FOR_ME,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


PHONE_CHARACTERS = re.compile(r"^\+?[\d\s().-]+((ext\.?|x)\s*\d{1,6})?$", re.IGNORECASE)


def check_contact(method: str, detail: str) -> str | None:
    """Why a contact detail cannot work for its method, or None: a phone number for a call or a
    text, an email address for email."""
    if method in (ContactMethod.PHONE, ContactMethod.TEXT):
        digits = sum(ch.isdigit() for ch in detail.split("x")[0].split("ext")[0])
        if not PHONE_CHARACTERS.match(detail.strip()) or not 7 <= digits <= 15:
            return gettext("Enter a phone number, like 555-0142 or +1 617 555 0142.")
    elif method == ContactMethod.EMAIL:
        try:
            validate_email(detail.strip())
        except ValidationError:
            return gettext("Enter an email address, like name@hospital.org.")
    return None


class IntakeForm(forms.Form):
    """The six first questions (with the screening one) and, behind "More preferences", the rest."""

    colleague_name = forms.CharField(
        label=_("Your colleague's name"),
        max_length=120,
        required=False,
    )
    category = forms.ChoiceField(
        label=_("What is it about?"), choices=[("", _("Choose the closest")), *Category.choices]
    )
    unit = UnitChoiceField(
        label=_("Unit or department"),
        queryset=Unit.objects.filter(kind__in=[UnitKind.UNIT, UnitKind.DEPARTMENT]).order_by(
            "name"
        ),
        empty_label=_("Choose a unit"),
    )
    urgency = forms.ChoiceField(
        label=_("When would you like to talk?"),
        choices=[(Urgency.TODAY, _("Today")), (Urgency.THIS_WEEK, _("This week"))],
        initial=Urgency.THIS_WEEK,
        widget=forms.RadioSelect,
    )
    contact_method = forms.ChoiceField(
        label=_("How should we contact you?"), choices=ContactMethod.choices
    )
    contact_detail = forms.CharField(
        label=_("Phone number or email address"),
        max_length=200,
        help_text=_("A phone number for a call or a text; an email address for email."),
    )
    contact_time = forms.CharField(
        label=_("Best time to reach you"),
        max_length=120,
        required=False,
        help_text=_("For example: weekdays after 3 pm."),
    )
    preferred_role = forms.ChoiceField(
        label=_("Would you like to talk to…"),
        choices=PreferredRole.choices,
        initial=PreferredRole.ANY,
        widget=forms.RadioSelect,
    )
    requester_role_type = forms.ChoiceField(
        label=_("Your job role"),
        help_text=_("Needed for “someone in a role like mine”."),
        choices=[("", _("Prefer not to say")), *JobRoleType.choices],
        required=False,
    )
    outside_own_unit = forms.BooleanField(
        label=_("I would prefer someone from outside my own unit"), required=False
    )
    language = forms.ChoiceField(
        label=_("Language you would like to talk in"),
        choices=SPOKEN_LANGUAGES,
        initial=spoken_languages.DEFAULT,
    )
    details = forms.CharField(
        label=_("Anything you would like us to know"),
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": MAX_DETAILS}),
        max_length=MAX_DETAILS,
        required=False,
        help_text=_("No patient names or details, please. At most 2000 characters."),
    )

    MORE = (
        "contact_time",
        "preferred_role",
        "requester_role_type",
        "outside_own_unit",
        "language",
        "details",
    )

    def __init__(self, *args, for_colleague: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.for_colleague = for_colleague
        self.helper = _helper()

    def first_fields(self):
        return [
            self[name] for name in self.fields if name not in self.MORE and name != "colleague_name"
        ]

    def more_fields(self):
        return [self[name] for name in self.MORE]

    def more_has_errors(self) -> bool:
        return any(self[name].errors for name in self.MORE)

    def clean(self):
        data = super().clean()
        if self.for_colleague and not data.get("colleague_name"):
            self.add_error(
                "colleague_name", gettext("Give your colleague's name so we can reach them.")
            )
        method, detail = data.get("contact_method"), data.get("contact_detail")
        if method and detail and (problem := check_contact(method, detail)):
            self.add_error("contact_detail", problem)
        if data.get("preferred_role") == PreferredRole.SAME_ROLE and not data.get(
            "requester_role_type"
        ):
            self.add_error(
                "requester_role_type",
                gettext("Tell us your job role so we can find someone like you."),
            )
        return data

    def intake(self) -> Intake:
        data = self.cleaned_data
        for_colleague = self.for_colleague
        return Intake(
            for_colleague=for_colleague,
            colleague_name=data["colleague_name"] if for_colleague else "",
            category=data["category"],
            unit=data["unit"],
            contact_method=data["contact_method"],
            contact_time=data["contact_time"],
            contact_detail=data["contact_detail"],
            preferred_role=data["preferred_role"],
            requester_role_type=data["requester_role_type"],
            outside_own_unit=data["outside_own_unit"],
            urgency=data["urgency"],
            language=data["language"],
            details=data["details"],
        )


# ---------------------------------------------------------------------------------------------
# The lead's forms
# ---------------------------------------------------------------------------------------------


class RouteForm(forms.Form):
    unit = UnitChoiceField(
        label=_("Route to the local lead of"),
        queryset=Unit.objects.filter(local_leads__isnull=False).distinct().order_by("name"),
        empty_label=_("Choose a unit"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "route_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class AssignForm(forms.Form):
    supporter = SupporterChoiceField(
        label=_("Supporter"), queryset=User.objects.none(), empty_label=_("Choose a supporter")
    )

    def __init__(self, *args, supporters=None, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        if supporters is not None:
            self.fields["supporter"].queryset = supporters
        self.helper = _helper()


class PickSupporterForm(forms.Form):
    """The lead's pick on a request: a suggested or a found supporter, as radio buttons.

    Any existing user is accepted here: who may take the request is the service's to decide
    (services.assign_supporter / reassign), so a forged or ineligible id is refused there.
    """

    supporter = forms.ModelChoiceField(
        label=_("Supporter"),
        queryset=User.objects.all(),
        widget=forms.RadioSelect,
        error_messages={
            "required": "Choose a supporter.",
            "invalid_choice": "This supporter cannot take the request now.",
        },
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "assign_%s")  # several forms share one page
        super().__init__(*args, **kwargs)


class SupporterSearchForm(forms.Form):
    """The search for a supporter beyond the suggestions: at least two letters, so that one
    letter never lists half the roster."""

    q = forms.CharField(
        label=_("Someone else? Search by name or email"),
        min_length=2,
        max_length=100,
        error_messages={
            "required": _("Type at least two letters of the name or email."),
            "min_length": _("Type at least two letters of the name or email."),
        },
        widget=forms.TextInput(
            attrs={
                "type": "search",
                "id": "supporter-search",
                "autocomplete": "off",
                "hx-trigger": "input changed delay:300ms, search",
                "hx-target": "#supporter-matches",
                "hx-sync": "this:replace",
            }
        ),
    )

    # The two-letter rule is the server's, said in the page's own words, not the browser's.
    use_required_attribute = False

    def __init__(self, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["q"].widget.attrs.pop("minlength", None)
        if search_url:  # the htmx endpoint that answers as the person types
            self.fields["q"].widget.attrs["hx-get"] = search_url

    def term(self) -> str:
        return self.cleaned_data["q"].strip() if self.is_valid() else ""

    def problem(self) -> str:
        """Why a typed term was not searched for (under two letters), else ""; an empty box is
        no problem, it just searches nothing."""
        if not self.is_bound or not (self.data.get("q") or "").strip() or self.is_valid():
            return ""
        return " ".join(self.errors["q"])


class AccessLogFilterForm(forms.Form):
    """The access log's one filter: a request's id (any text; only an exact id matches)."""

    request = forms.CharField(label=_("Request id"), max_length=64, required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["request"].widget.attrs["id"] = "request-filter"

    def request_id(self) -> str:
        # Longer input is cut, not refused, as before: the log is only ever filtered by it.
        return (self.data.get("request") or "").strip()[:64]


class RedirectForm(forms.Form):
    # No reason chosen in advance: the lead picks one deliberately.
    reason = forms.ChoiceField(
        label=_("Redirect to"), choices=RedirectReason.choices, widget=forms.RadioSelect
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "redirect_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class HandBackForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why are you handing it back?"),
        choices=HandBackReason.choices,
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "handback_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class QueueFilterForm(forms.Form):
    state = forms.ChoiceField(
        label=_("State"),
        choices=[("", _("Every open state")), *State.choices],
        required=False,
        widget=FastSelect,  # Django's Select renders a template per option
    )
    unit = UnitChoiceField(
        label=_("Unit"),
        queryset=Unit.objects.filter(kind__in=[UnitKind.UNIT, UnitKind.DEPARTMENT]).order_by(
            "name"
        ),
        required=False,
        empty_label=_("Every unit"),
    )


# ---------------------------------------------------------------------------------------------
# The supporter's forms
# ---------------------------------------------------------------------------------------------


class DeclineForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why can you not take it?"),
        choices=[
            (DeclineReason.CONFLICT, DeclineReason.CONFLICT.label),
            (DeclineReason.UNAVAILABLE, DeclineReason.UNAVAILABLE.label),
        ],
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "decline_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class FirstContactForm(forms.Form):
    on = dates.DateField(
        label=_("Date of first contact"), widget=forms.DateInput(attrs={"type": "date"})
    )
    at = forms.TimeField(
        label=_("Time of first contact"),
        widget=forms.TimeInput(attrs={"type": "time"}, format="%H:%M"),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "contact_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()

    def contacted_at(self) -> datetime.datetime:
        return timezone.make_aware(
            datetime.datetime.combine(self.cleaned_data["on"], self.cleaned_data["at"])
        )


class NoContactForm(forms.Form):
    reason = forms.ChoiceField(
        label=_("Why does it end without contact?"),
        choices=NoContactReason.choices,
        widget=forms.RadioSelect,
    )
    attempts = forms.IntegerField(
        label=_("How many times did you try to reach them?"),
        min_value=1,
        max_value=20,
        help_text=_("Counted as an attempt, not as an intervention."),
    )

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("auto_id", "nocontact_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.helper = _helper()


class CloseForm(forms.Form):
    contacts = forms.IntegerField(
        label=_("Number of contacts"), min_value=1, max_value=50, initial=1
    )
    duration_band = forms.ChoiceField(
        label=_("How long did you talk, in all?"), choices=DurationBand.choices
    )
    referral = forms.ChoiceField(
        label=_("Referral to professional help"), choices=Referral.choices, initial=Referral.NONE
    )
    follow_up_planned = forms.BooleanField(
        label=_("A follow-up check-in is planned"), required=False
    )
    supporter_wants_support = forms.BooleanField(
        label=_("I would like support myself"), required=False
    )

    def __init__(self, *args, by_supporter: bool = True, **kwargs):
        kwargs.setdefault("auto_id", "close_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        if not by_supporter:  # only the supporter can ask for support for themselves
            del self.fields["supporter_wants_support"]
        self.helper = _helper()

    def report(self) -> ClosingReport:
        return ClosingReport(
            supporter_wants_support=self.cleaned_data.get("supporter_wants_support", False),
            **{k: v for k, v in self.cleaned_data.items() if k != "supporter_wants_support"},
        )


# ---------------------------------------------------------------------------------------------
# The requester's survey
# ---------------------------------------------------------------------------------------------


class SurveyForm(forms.Form):
    rating = forms.TypedChoiceField(
        label=_("How helpful was the support? (1 = not at all, 5 = very)"),
        choices=[(n, str(n)) for n in range(1, 6)],
        coerce=int,
        widget=forms.RadioSelect,
    )
    would_recommend = forms.TypedChoiceField(
        label=_("Would you recommend peer support to a colleague?"),
        choices=[("yes", _("Yes")), ("no", _("No"))],
        coerce=lambda value: value == "yes",
        widget=forms.RadioSelect,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = _helper()


# ---------------------------------------------------------------------------------------------
# Outreach
# ---------------------------------------------------------------------------------------------


class OutreachForm(forms.Form):
    category = forms.ChoiceField(label=_("What kind of event?"), choices=Category.choices)
    unit = UnitChoiceField(
        label=_("Unit"), queryset=Unit.objects.none(), empty_label=_("Choose a unit")
    )
    event_on = dates.DateField(
        label=_("Date of the event"), widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, units=None, **kwargs):
        super().__init__(*args, **kwargs)
        if units is not None:
            self.fields["unit"].queryset = units
        self.helper = _helper()


class OutreachContactsForm(forms.Form):
    people = forms.IntegerField(label=_("Colleagues you spoke with"), min_value=1)
    duration_band = forms.ChoiceField(label=_("Typical length"), choices=DurationBand.choices)
    referral = forms.ChoiceField(
        label=_("Referral to professional help"), choices=Referral.choices, initial=Referral.NONE
    )
    confirmed = forms.BooleanField(
        label=_("Yes, I spoke with this many colleagues"), required=False, widget=forms.HiddenInput
    )

    def __init__(self, *args, limit: int = 50, confirming: bool = False, **kwargs):
        kwargs.setdefault("auto_id", "contacts_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        # At most the unit's headcount (or 50) in one entry.
        people = self.fields["people"]
        people.max_value = limit
        people.validators.append(MaxValueValidator(limit))
        people.widget.attrs["max"] = limit
        if confirming:  # an unusual number: ask the supporter to confirm it
            self.fields["confirmed"].widget = forms.CheckboxInput()
        self.helper = _helper()


class OutreachCorrectionForm(forms.Form):
    assignment = forms.ModelChoiceField(
        label=_("Supporter"), queryset=None, empty_label=_("Choose a supporter")
    )
    people = forms.IntegerField(label=_("Correct number of colleagues reached"), min_value=0)

    def __init__(self, *args, assignments, **kwargs):
        kwargs.setdefault("auto_id", "correct_%s")  # several forms share one page
        super().__init__(*args, **kwargs)
        self.fields["assignment"].queryset = assignments
        self.fields["assignment"].label_from_instance = lambda a: (
            f"{a.supporter.display_name} ({a.contacts_logged} logged)"
        )
        self.helper = _helper()
