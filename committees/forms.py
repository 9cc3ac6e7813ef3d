"""What people type on committee and governance pages: validation and layout, no business rules."""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django import forms
from django.conf import settings
from django.utils.text import slugify
from django.utils.translation import gettext_lazy as _

from committees import occurrences
from committees.models import (
    GROUP_ROLE_CHOICES,
    ActivityStatus,
    Committee,
    CommitteeRole,
    ProgramArea,
)
from core import dates
from core.models import User


@dataclass(frozen=True)
class Submit:
    """How a form is sent: the words of its button and where it posts ("" for the same page).
    The templates draw the form with the component partials (committees/_form.html)."""

    label: str
    action: str = ""


def helper(label: str, *, action: str = "") -> Submit:
    return Submit(label, action)


def time_zone_choices() -> list[tuple[str, str]]:
    zones = [
        settings.TIME_ZONE,
        "America/New_York",
        "America/Chicago",
        "America/Denver",
        "America/Phoenix",
        "America/Los_Angeles",
        "America/Anchorage",
        "Pacific/Honolulu",
        "Europe/London",
        "UTC",
    ]
    return [(zone, zone.replace("_", " ")) for zone in dict.fromkeys(zones)]


class PersonByEmailField(forms.EmailField):
    """A person chosen by their hospital email (a select of 50,000 staff would be unusable)."""

    def clean(self, value):
        email = super().clean(value)
        if not email:
            return None
        user = User.objects.filter(email__iexact=email, is_active=True).first()
        if user is None:
            raise forms.ValidationError("Nobody with this email address has an active account.")
        return user


# Paths under /committees/ that a committee's slug must not take.
RESERVED_SLUGS = frozenset({"new", "community", "leadership", "plan", "policies", "meetings"})


class CommitteeForm(forms.Form):
    name = forms.CharField(label="Committee name", max_length=120)
    purpose = forms.CharField(
        label="What the committee does", widget=forms.Textarea, required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Add committee")

    def clean(self):
        cleaned = super().clean()
        cleaned["slug"] = slugify(cleaned.get("name", ""))[:60]
        if not cleaned["slug"] or cleaned["slug"] in RESERVED_SLUGS:
            raise forms.ValidationError("Give the committee a longer name, with letters or digits.")
        return cleaned


class MemberForm(forms.Form):
    person = PersonByEmailField(label="Email address of the new member")
    # Member first and chosen: a chair is a deliberate choice, never the default.
    role = forms.ChoiceField(
        label="Role on the committee",
        choices=sorted(CommitteeRole.choices, key=lambda c: c[0] != CommitteeRole.MEMBER),
        initial=CommitteeRole.MEMBER,
    )

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Add member", action=action)


class MeetingForm(forms.Form):
    """A meeting's time, place and recurrence; the recurrence comes from plain-language choices."""

    title = forms.CharField(label="Title", max_length=160)
    first_date = dates.DateField(
        label="Date (the first one, if it repeats)", widget=forms.DateInput(attrs={"type": "date"})
    )
    start_time = forms.TimeField(label="Start time", widget=forms.TimeInput(attrs={"type": "time"}))
    duration_minutes = forms.IntegerField(
        label="Length in minutes", min_value=5, max_value=8 * 60, initial=60
    )
    time_zone = forms.ChoiceField(label="Time zone", choices=time_zone_choices)
    repeats = forms.ChoiceField(
        label="Repeats", choices=occurrences.REPEAT_CHOICES, initial=occurrences.ONCE
    )
    repeat_until = dates.DateField(
        label="Repeat until (optional)",
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
    )
    custom_rule = forms.CharField(
        label="Custom rule (only with “A custom rule”)",
        required=False,
        max_length=255,
        help_text="For example FREQ=MONTHLY;BYDAY=2TU (the second Tuesday of every month).",
    )
    location = forms.CharField(label="Place", max_length=200, required=False)
    video_url = forms.URLField(
        label="Video link", required=False, assume_scheme="https", max_length=200
    )
    agenda = forms.CharField(
        label="Agenda (Markdown)", widget=forms.Textarea(attrs={"rows": 5}), required=False
    )

    def __init__(self, *args, submit_label: str = "Schedule meeting", with_agenda=True, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["time_zone"].initial = settings.TIME_ZONE
        if not with_agenda:
            del self.fields["agenda"]
        self.helper = helper(submit_label)

    def clean(self):
        cleaned = super().clean()
        day, time, zone = (cleaned.get(k) for k in ("first_date", "start_time", "time_zone"))
        repeats = cleaned.get("repeats")
        if not (day and time and zone and repeats):
            return cleaned
        first = datetime.datetime.combine(day, time, ZoneInfo(zone))
        try:
            if repeats == occurrences.CUSTOM:
                if not cleaned.get("custom_rule"):
                    self.add_error("custom_rule", "Write the rule, or pick one of the choices.")
                    return cleaned
                rule = occurrences.validate_rule(cleaned["custom_rule"], first)
            else:
                rule = occurrences.build_rule(repeats, first, cleaned.get("repeat_until"))
        except occurrences.RecurrenceError as error:
            self.add_error("custom_rule", str(error))
            return cleaned
        until = cleaned.get("repeat_until")
        if until and until < day:
            self.add_error("repeat_until", "The last date cannot be before the first.")
        if not cleaned.get("location") and not cleaned.get("video_url"):
            self.add_error("location", "Give a place or a video link.")
        cleaned["starts_at"] = first
        cleaned["recurrence"] = rule
        return cleaned

    @classmethod
    def initial_for(cls, meeting) -> dict:
        start = occurrences.local_start(meeting)
        return {
            "title": meeting.title,
            "first_date": start.date(),
            "start_time": start.time().replace(tzinfo=None),
            "duration_minutes": meeting.duration_minutes,
            "time_zone": meeting.time_zone,
            "repeats": occurrences.CUSTOM if meeting.recurrence else occurrences.ONCE,
            "custom_rule": meeting.recurrence,
            "location": meeting.location,
            "video_url": meeting.video_url,
        }


class MinutesForm(forms.Form):
    """The agenda and minutes of one occurrence (saved as drafts until each is published)."""

    agenda = forms.CharField(
        label="Agenda (Markdown)", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes = forms.CharField(
        label="Minutes (Markdown)", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Save agenda and minutes"))


class PeopleByIdField(forms.ModelMultipleChoiceField):
    """People ticked in a list. An id beyond a 64-bit integer is refused like any unknown choice:
    Django's `pk__in` lookup does not guard such ids and the database call would fail (a 500)."""

    def clean(self, value):
        for pk in value or []:
            digits = str(pk).strip().lstrip("+-")
            if digits.isascii() and digits.isdigit() and int(digits) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class AttendanceForm(forms.Form):
    occurrence_on = forms.TypedChoiceField(
        label="Which meeting", coerce=datetime.date.fromisoformat, choices=()
    )
    attendees = PeopleByIdField(
        label="Who attended",
        queryset=User.objects.none(),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, dates, invitees, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["occurrence_on"].choices = [
            (day.isoformat(), f"{day:%A} {day:%B} {day.day}, {day.year}") for day in dates
        ]
        self.fields["attendees"].queryset = invitees
        self.fields["attendees"].label_from_instance = lambda user: user.display_name
        self.helper = helper("Save attendance")


# The group roles assigned on the leadership page; the central lead role opens request details
# and is granted by two people on the roster's grants page instead.
ASSIGNED_HERE = [(value, label) for value, label in GROUP_ROLE_CHOICES if value != "central_lead"]


class AssignRoleForm(forms.Form):
    role = forms.ChoiceField(label="Program role", choices=[("", "Choose a role"), *ASSIGNED_HERE])
    person = PersonByEmailField(label="Email address of the person")

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Assign role", action=action)


class RemoveRoleForm(forms.Form):
    """Which holder loses which role: the person by email, never by an internal id."""

    role = forms.ChoiceField(choices=ASSIGNED_HERE, widget=forms.HiddenInput)
    person = PersonByEmailField(widget=forms.HiddenInput)


WHO_CHOICES = [
    ("", _("Nobody named yet")),
    ("person", _("A person")),
    ("committee", _("A committee")),
    ("role", _("A program role")),
]


class WhoFields(forms.Form):
    """Who is responsible for a plan activity: a person, a committee or a program role."""

    who = forms.ChoiceField(
        label=_("Who is responsible"), choices=WHO_CHOICES, required=False, widget=forms.RadioSelect
    )
    person = PersonByEmailField(label=_("The person's email (with “A person”)"), required=False)
    committee = forms.ModelChoiceField(
        label=_("The committee (with “A committee”)"),
        queryset=Committee.objects.all(),
        required=False,
    )
    role = forms.ChoiceField(
        label=_("The role (with “A program role”)"),
        choices=[("", _("Choose a role")), *GROUP_ROLE_CHOICES],
        required=False,
    )

    def clean(self):
        cleaned = super().clean()
        kind = cleaned.get("who")
        if not kind:
            cleaned["who_value"] = None
            return cleaned
        value = cleaned.get(kind)
        if not value:
            self.add_error(kind, _("Give the one responsible, or choose “Nobody named yet”."))
        cleaned["who_value"] = (kind, value) if value else None
        return cleaned

    @staticmethod
    def initial_for(item) -> dict:
        if item.responsible_id:
            return {"who": "person", "person": item.responsible.email}
        if item.responsible_committee_id:
            return {"who": "committee", "committee": item.responsible_committee_id}
        if item.responsible_role:
            return {"who": "role", "role": item.responsible_role}
        return {"who": ""}

    def who_data(self) -> dict:
        """The cleaned data for the services: `who` as (kind, value) or None."""
        data = {
            k: v
            for k, v in self.cleaned_data.items()
            if k not in {"who", "person", "committee", "role", "who_value"}
        }
        data["who"] = self.cleaned_data.get("who_value")
        return data


class PlanActivityForm(WhoFields):
    area = forms.ModelChoiceField(label="Program area", queryset=ProgramArea.objects.all())
    activity = forms.CharField(label="Activity", max_length=200)
    timeframe = forms.CharField(label="Timeframe", max_length=60, required=False)
    desired_outcome = forms.CharField(
        label="Desired outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    due_on = dates.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = [
        "area",
        "activity",
        "who",
        "person",
        "committee",
        "role",
        "timeframe",
        "desired_outcome",
        "due_on",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Add activity")


class PlanProgressForm(WhoFields):
    status = forms.ChoiceField(label="Status", choices=ActivityStatus.choices)
    due_on = dates.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    field_order = ["status", "due_on", "who", "person", "committee", "role"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Save")


class PolicyVersionForm(forms.Form):
    body = forms.CharField(label="Text of the new version (Markdown)", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Publish new version")


class StandingAgendaForm(forms.Form):
    agenda = forms.CharField(
        label=_("Standing agenda (Markdown)"),
        help_text=_("Each new occurrence's agenda starts from this text."),
        widget=forms.Textarea(attrs={"rows": 6}),
        required=False,
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Save the standing agenda"))


class ActionForm(forms.Form):
    description = forms.CharField(label=_("Action agreed"), max_length=300)
    owner = PersonByEmailField(label=_("Who does it (email)"), required=False)

    def __init__(self, *args, action: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Add the action"), action=action)


class AreaForm(forms.Form):
    name = forms.CharField(label=_("Name of the program area"), max_length=120)

    def __init__(self, *args, submit_label: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(submit_label or _("Add the area"))


class PolicyForm(forms.Form):
    title = forms.CharField(label=_("Title of the policy"), max_length=160)
    body = forms.CharField(label=_("Text of the policy (Markdown)"), widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper(_("Publish the policy and ask for acknowledgement"))
