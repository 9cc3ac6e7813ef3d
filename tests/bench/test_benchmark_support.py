"""What the benchmark relies on: distinct valid intake POSTs, and supporter pickers
drawn from one values_list with the same labels as before."""

import pytest
from django.urls import NoReverseMatch, reverse

from bench import intake_data as benchmark_data
from core.models import User
from support_requests.forms import AssignForm, SupporterChoiceField
from support_requests.models import SupportRequest
from tests.factories import SupporterProfileFactory

pytestmark = pytest.mark.django_db


def test_each_benchmark_submission_is_saved_as_a_new_request(client, people, settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "REQUEST_RATE_LIMIT_PER_HOUR": 100}
    client.force_login(people.staff)
    url = reverse("support_requests:new")
    forms = [benchmark_data.intake_form(people.staff, unit_pk=people.icu.pk) for _ in range(3)]
    assert len({form["contact_time"] for form in forms}) == 3
    for form in forms:
        assert client.post(url, form).status_code == 200
    assert SupportRequest.objects.filter(requester=people.staff).count() == 3


def test_the_benchmark_submission_picks_a_unit_the_form_offers(client, people):
    client.force_login(people.staff)
    response = client.post(
        reverse("support_requests:new"), benchmark_data.intake_form(people.staff)
    )
    assert response.status_code == 200
    assert SupportRequest.objects.get().unit.kind in {"unit", "department"}


def test_the_supporter_picker_labels_match_the_per_instance_labels(people):
    SupporterProfileFactory(home_unit=people.ed, role_type="pharmacist", user__first_name="")
    queryset = User.objects.filter(supporter_profile__isnull=False).select_related(
        "supporter_profile__home_unit"
    )
    field = SupporterChoiceField(queryset=queryset, empty_label="Choose a supporter")
    expected = [("", "Choose a supporter")] + [
        (user.pk, field.label_from_instance(user)) for user in queryset
    ]
    assert list(field.choices) == expected
    form = AssignForm(supporters=queryset)
    html = str(form["supporter"])
    for _, label in expected[1:]:
        assert label.replace("'", "&#x27;") in html


def test_the_bare_insert_view_of_the_benchmark_is_not_mounted_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare_insert")


def test_the_bare_insert_view_inserts_exactly_one_row(rf, people):
    from bench import views
    from bench.models import BareInsert

    request = rf.post("/bench/bare-insert/")
    request.user = people.staff
    assert views.bare_insert(request).status_code == 200
    assert BareInsert.objects.count() == 1


def test_the_bare_read_view_is_not_mounted_by_default():
    with pytest.raises(NoReverseMatch):
        reverse("bench_bare_read")


def test_the_bare_read_view_renders_25_rows_in_one_select(rf, people, django_assert_num_queries):
    from bench import views
    from bench.models import BareInsert

    BareInsert.objects.bulk_create(BareInsert() for _ in range(30))
    request = rf.get("/bench/bare-read/")
    request.user = people.staff
    with django_assert_num_queries(1):
        response = views.bare_read(request)
    assert response.status_code == 200
    assert response.content.decode().count("<tr><td>") == views.BARE_READ_ROWS
