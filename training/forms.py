"""Forms of training: what people type, validated and laid out; no business rules here."""

from django import forms
from django.utils.translation import gettext_lazy as _

from core import dates
from core.models import User
from roster.models import SupporterStatus
from training import access
from training.models import Course


class PersonChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.display_name} ({obj.email})"


class PeopleChoiceField(forms.ModelMultipleChoiceField):
    def label_from_instance(self, obj):
        return obj.display_name

    def clean(self, value):
        # An id beyond a 64-bit integer is an unknown choice: the `pk__in` query would fail (500).
        for pk in value or []:
            digits = str(pk).strip().lstrip("+-")
            if digits.isascii() and digits.isdigit() and int(digits) >= 2**63:
                raise forms.ValidationError(
                    self.error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": pk},
                )
        return super().clean(value)


class CourseForm(forms.ModelForm):
    class Meta:
        model = Course
        fields = [
            "name",
            "slug",
            "description",
            "duration_minutes",
            "completion_effect",
            "refresher_interval_months",
        ]
        labels = {
            "name": "Course name",
            "slug": "Short name for web addresses",
            "description": "Description",
            "duration_minutes": "Duration (minutes)",
            "completion_effect": "Completing it",
            "refresher_interval_months": "Refresher interval (months)",
        }

    submit_label = "Add course"


class SessionForm(forms.Form):
    course = forms.ModelChoiceField(
        queryset=Course.objects.all(), label=_("Course"), empty_label=_("Choose a course")
    )
    starts_at = dates.DateTimeField(
        label=_("Starts at (local time)"),
        widget=forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M"),
        input_formats=["%Y-%m-%dT%H:%M", "%Y-%m-%d %H:%M"],
    )
    place = forms.CharField(label=_("Place"), max_length=200, required=False)
    video_link = forms.URLField(
        label=_("Video link"), max_length=200, required=False, assume_scheme="https"
    )
    capacity = forms.IntegerField(label=_("Capacity (places)"), min_value=1, max_value=500)
    facilitators = PeopleChoiceField(
        queryset=User.objects.none(),
        label=_("Facilitators (Education Committee)"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, editing: bool = False, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["facilitators"].queryset = access.education_committee_members()
        if editing:
            del self.fields["course"]
        self.submit_label = "Save changes" if editing else "Schedule session"

    def clean_starts_at(self):
        # A start near year 1 or 9999 overflows once the course's duration is added (a 500).
        starts_at = self.cleaned_data["starts_at"]
        if not 2000 <= starts_at.year <= 2999:
            raise forms.ValidationError("Give a start between the years 2000 and 2999.")
        return starts_at

    def clean(self):
        cleaned = super().clean()
        if not cleaned.get("place") and not cleaned.get("video_link"):
            raise forms.ValidationError("Give a place or a video link (or both).")
        return cleaned


class EnrolPersonForm(forms.Form):
    person = PersonChoiceField(
        queryset=User.objects.none(), label=_("Person to enrol"), empty_label=_("Choose a person")
    )

    def __init__(self, *args, viewer, **kwargs):
        super().__init__(*args, **kwargs)
        people = User.objects.filter(is_active=True, supporter_profile__isnull=False).exclude(
            supporter_profile__status=SupporterStatus.RETIRED
        )
        unit_ids = access.managed_unit_ids(viewer)
        if unit_ids is not None:
            people = people.filter(supporter_profile__home_unit_id__in=unit_ids)
        self.fields["person"].queryset = people.order_by("last_name", "first_name")


class AttendanceForm(forms.Form):
    attended = PeopleChoiceField(
        queryset=User.objects.none(),
        label=_("Who attended"),
        widget=forms.CheckboxSelectMultiple,
        required=False,
    )

    def __init__(self, *args, people, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["attended"].queryset = people
        self.submit_label = "Save attendance"


RATING_CHOICES = [(value, str(value)) for value in range(1, 6)]


class FeedbackForm(forms.Form):
    content_rating = forms.TypedChoiceField(
        label=_("How useful was the content? (1 = not at all, 5 = very)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    facilitation_rating = forms.TypedChoiceField(
        label=_("How well was the session facilitated? (1 = poorly, 5 = very well)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    usefulness_rating = forms.TypedChoiceField(
        label=_("How ready do you feel to use it with colleagues? (1 = not at all, 5 = fully)"),
        choices=RATING_CHOICES,
        coerce=int,
        widget=forms.RadioSelect,
    )
    comment = forms.CharField(
        label=_("Anything else?"),
        help_text=_("Please do not name anyone."),
        widget=forms.Textarea(attrs={"rows": 3}),
        required=False,
        max_length=2000,
    )


class CalendarAddressForm(forms.Form):
    """The personal calendar address, shown in a read-only field to copy."""

    address = forms.CharField(
        label=_("Your calendar address"), widget=forms.TextInput(attrs={"readonly": True})
    )
