"""What people type on committee and governance pages: validation and layout, no business rules."""

from __future__ import annotations

import datetime
from zoneinfo import ZoneInfo

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Submit
from django import forms
from django.conf import settings
from django.utils.text import slugify

from committees import occurrences
from committees.models import GROUP_ROLE_CHOICES, ActivityStatus, CommitteeRole, ProgramArea
from core import dates
from core.models import User


def helper(label: str, *, action: str = "") -> FormHelper:
    form_helper = FormHelper()
    form_helper.form_method = "post"
    if action:
        form_helper.form_action = action
    form_helper.add_input(Submit("submit", label))
    return form_helper


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
    agenda = forms.CharField(
        label="Agenda (Markdown)", widget=forms.Textarea(attrs={"rows": 6}), required=False
    )
    minutes = forms.CharField(
        label="Minutes (Markdown)", widget=forms.Textarea(attrs={"rows": 12}), required=False
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Save agenda and minutes")


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


class PlanActivityForm(forms.Form):
    area = forms.ModelChoiceField(label="Program area", queryset=ProgramArea.objects.all())
    activity = forms.CharField(label="Activity", max_length=200)
    responsible = PersonByEmailField(label="Who is responsible (email)", required=False)
    timeframe = forms.CharField(label="Timeframe", max_length=60, required=False)
    desired_outcome = forms.CharField(
        label="Desired outcome", widget=forms.Textarea(attrs={"rows": 3}), required=False
    )
    due_on = dates.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Add activity")


class PlanProgressForm(forms.Form):
    status = forms.ChoiceField(label="Status", choices=ActivityStatus.choices)
    due_on = dates.DateField(
        label="Due date", required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    responsible = PersonByEmailField(label="Who is responsible (email)", required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Save")


class PolicyVersionForm(forms.Form):
    body = forms.CharField(label="Text of the new version (Markdown)", widget=forms.Textarea)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.helper = helper("Publish new version")
