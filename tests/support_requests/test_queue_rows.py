"""A queue's row says when each request was sent exactly as the design system's `when` filter
does, in the reader's language and the hospital's time zone, and labels every cell with its
column for the stacked cards on a phone."""

import datetime
import re

import pytest
from django.urls import reverse
from django.utils import translation

from core.models import User
from core.templatetags.ui import when
from support_requests.models import State
from support_requests.selectors import describe_duration
from tests.factories import SupportRequestFactory

pytestmark = pytest.mark.django_db

# Around the end of daylight saving time in New York, and two on one day.
SENT = [
    datetime.datetime(2026, 11, 1, 5, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 1, 6, 30, tzinfo=datetime.UTC),
    datetime.datetime(2026, 11, 30, 23, 59, tzinfo=datetime.UTC),
    datetime.datetime(2026, 12, 1, 0, 1, tzinfo=datetime.UTC),
]


@pytest.mark.parametrize("language", ["en", "es"])
def test_each_row_says_when_it_was_sent_as_the_when_filter_does(client, people, language):
    for moment in SENT:
        SupportRequestFactory(unit=people.icu, state=State.SUBMITTED, submitted_at=moment)
    User.objects.filter(pk=people.central.pk).update(language=language)
    client.force_login(people.central)
    page = client.get(reverse("support_requests:triage")).content.decode()
    with translation.override(language):
        expected = [when(moment) for moment in SENT]
    links = re.findall(r'<th scope="row"><a href="/requests/[0-9a-f-]{36}/">([^<]*)</a>', page)
    # Same urgency: oldest first, so the rows are in the order of SENT.
    assert all(link.endswith(e) for link, e in zip(links, expected, strict=True)), links


def test_every_cell_of_a_row_is_labelled_with_its_column(client, people):
    SupportRequestFactory(unit=people.icu, state=State.SUBMITTED)
    client.force_login(people.central)
    page = client.get(reverse("support_requests:triage")).content.decode()
    row = re.search(r'<tr><th scope="row">.*?</tr>', page, re.DOTALL).group(0)
    labels = re.findall(r'<td data-label="([^"]*)">', row)
    assert labels == [
        "Urgency",
        "Waiting",
        "Response target",
        "About",
        "Unit",
        "State",
        "Supporter",
    ]


def test_the_triage_filters_speak_the_readers_language(client, people):
    User.objects.filter(pk=people.central.pk).update(language="es")
    client.force_login(people.central)
    page = client.get(reverse("support_requests:triage")).content.decode()
    assert '<option value="">Todos los estados abiertos</option>' in page
    assert '<option value="">Todas las unidades</option>' in page


def test_durations_are_said_in_the_language_active_at_each_call():
    thirty_hours = datetime.timedelta(hours=30)
    said = []
    for language in ("en", "es", "en", "es"):
        with translation.override(language):
            said.append(describe_duration(thirty_hours))
    assert said == ["30 hours", "30 horas", "30 hours", "30 horas"]
    with translation.override("en"):
        assert describe_duration(datetime.timedelta(minutes=1)) == "1 minute"
        assert describe_duration(datetime.timedelta(days=3, hours=5)) == "3 days"
