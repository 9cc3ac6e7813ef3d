"""The person's language: the footer's switcher, the profile, the notices, dates, the program's
texts and the language codes requests and supporters share."""

import datetime
import importlib
import re
from zoneinfo import ZoneInfo

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.auth.signals import user_logged_in
from django.core import mail
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone, translation

from core import notifications, spoken_languages
from core.conf import program_text
from core.language import language_of
from core.templatetags.ui import clock, day, when
from roster.models import SupporterProfile
from support_requests import matching
from tests.factories import SupporterProfileFactory, SupportRequestFactory, UserFactory

HTML_LANG = re.compile(r'<html lang="([a-z-]+)">')


def page_language(response) -> str:
    return HTML_LANG.search(response.content.decode()).group(1)


# ---- the switcher and the profile ----------------------------------------------------------


@pytest.mark.django_db
def test_the_footer_offers_the_languages_in_a_form_that_needs_no_script(client):
    response = client.get(reverse("account_login"))
    body = response.content.decode()
    assert page_language(response) == "en"
    form = re.search(r'<form method="post" action="/language/".*?</form>', body, re.S).group(0)
    assert 'name="csrfmiddlewaretoken"' in form
    assert '<option value="es">Español</option>' in form and 'for="ps-language"' in form
    assert 'type="submit"' in form and "Change language" in form


@pytest.mark.django_db
def test_switching_signed_out_sets_the_cookie_and_the_sign_in_page_turns_spanish(client):
    response = client.post(
        reverse("set_language"), {"language": "es"}, HTTP_REFERER="/accounts/login/"
    )
    assert response.status_code == 302 and response["Location"] == "/accounts/login/"
    assert client.cookies[settings.LANGUAGE_COOKIE_NAME].value == "es"
    page = client.get(reverse("account_login"))
    assert page_language(page) == "es"
    assert "Inicie sesión en Apoyo entre Compañeros" in page.content.decode()


@pytest.mark.django_db
def test_the_switcher_keeps_csrf():
    client = Client(enforce_csrf_checks=True)
    assert client.post(reverse("set_language"), {"language": "es"}).status_code == 403


@pytest.mark.django_db
def test_switching_signed_in_saves_the_choice_on_the_profile(client):
    person = UserFactory()
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "es"})
    person.refresh_from_db()
    assert person.language == "es"
    # Another browser, no cookie: the profile decides.
    other = Client()
    other.force_login(person)
    page = other.get(reverse("support_requests:new"))
    assert page_language(page) == "es"
    assert "Enviar mi solicitud" in page.content.decode()


@pytest.mark.django_db
def test_an_unknown_language_changes_nothing(client):
    person = UserFactory(language="es")
    client.force_login(person)
    client.post(reverse("set_language"), {"language": "xx"})
    person.refresh_from_db()
    assert person.language == "es"


@pytest.mark.django_db
def test_a_choice_made_before_signing_in_is_kept_on_a_profile_without_one():
    person, settled = UserFactory(), UserFactory(language="en")
    for user in (person, settled):
        request = RequestFactory().get("/", HTTP_COOKIE=f"{settings.LANGUAGE_COOKIE_NAME}=es")
        user_logged_in.send(sender=type(user), request=request, user=user)
        user.refresh_from_db()
    assert (person.language, settled.language) == ("es", "en")


# ---- notices in the recipient's language ---------------------------------------------------


@pytest.mark.django_db
def test_a_notice_is_written_in_its_recipients_language():
    spanish, english = UserFactory(language="es"), UserFactory()
    with translation.override("en"):  # whoever caused it, in whatever language
        for person in (spanish, english):
            notice = notifications.notify(
                recipient=person,
                kind="request.assigned",
                subject_type="t",
                subject_id="00000000-0000-0000-0000-000000000001",
            )
            assert notifications.deliver(notice.pk)
    by_recipient = {message.to[0]: message for message in mail.outbox}
    es, en = by_recipient[spanish.email], by_recipient[english.email]
    assert es.subject == "[Apoyo entre Compañeros] Tiene una nueva asignación"
    assert "Por favor, acéptela o recházela." in es.body
    assert "Si necesita ayuda en español, llame al 988 y oprima 2" in es.body
    assert "AYUDA" in es.body
    assert en.subject == "[Peer Support] You have a new assignment"
    assert en.body.startswith("Hello,\n\nYou have a new peer support assignment.")
    assert "oprima" not in en.body and "&amp;" not in en.body and "&#x27;" not in en.body


@pytest.mark.django_db
def test_a_redirection_notice_names_the_contact_in_the_recipients_language(settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "HR_CONTACT_ES": "Recursos Humanos, ext. 9"}
    person = UserFactory(language="es")
    notice = notifications.notify(
        recipient=person, kind="request.redirected_hr", subject_type="t", subject_id="1"
    )
    notifications.deliver(notice.pk)
    assert "Recursos Humanos, ext. 9" in mail.outbox[0].body


def test_the_program_texts_fall_back_to_english(settings):
    settings.PEERSUPPORT = {**settings.PEERSUPPORT, "EAP_CONTACT": "EAP, x1", "EAP_CONTACT_ES": ""}
    with translation.override("es"):
        assert program_text("EAP_CONTACT") == "EAP, x1"
        assert program_text("CRISIS_LINE_NOTE").startswith("Si necesita ayuda en español")
    with translation.override("en"):
        assert program_text("CRISIS_LINE_NOTE") == ""


def test_language_of_someone_without_a_choice_is_the_sites():
    assert language_of(object()) == settings.LANGUAGE_CODE


# ---- dates ---------------------------------------------------------------------------------


def test_dates_read_the_same_in_english_and_in_full_in_spanish():
    moment = datetime.datetime(2026, 12, 1, 19, 5, tzinfo=datetime.UTC)
    local = moment.astimezone(ZoneInfo(settings.TIME_ZONE))
    assert local.hour == 14  # the hospital's zone in the tests
    with translation.override("en"):
        assert (when(moment), day(moment), clock(moment)) == (
            "Tue 1 Dec 2026, 14:05",
            "Tue 1 Dec 2026",
            "14:05",
        )
    with translation.override("es"):
        assert when(moment) == "martes 1 de diciembre de 2026, 14:05"
        assert day(datetime.date(2027, 1, 4)) == "lunes 4 de enero de 2027"
        assert clock(moment) == "14:05"


def test_dates_written_before_follow_the_language_and_the_time_zone_asked_for_now():
    # The formatted dates are remembered (core.templatetags.ui): never across languages or zones.
    moment = datetime.datetime(2026, 12, 1, 19, 5, tzinfo=datetime.UTC)
    for _ in range(2):
        with translation.override("es"):
            assert day(moment) == "martes 1 de diciembre de 2026"
        with translation.override("en"):
            assert day(moment) == "Tue 1 Dec 2026"
            assert when(moment) == "Tue 1 Dec 2026, 14:05"
            with timezone.override(ZoneInfo("Asia/Tokyo")):
                assert when(moment) == "Wed 2 Dec 2026, 04:05"
                assert day(moment) == "Wed 2 Dec 2026"


# ---- the language codes requests and supporters share -------------------------------------


def test_languages_are_read_as_codes_whatever_way_they_were_written():
    assert spoken_languages.code_for("Spanish") == "es"
    assert spoken_languages.code_for(" español ") == "es"
    assert spoken_languages.code_for("Klingon") == ""
    assert spoken_languages.codes_from("English, Mandarin, english, Klingon") == ["en", "zh"]
    assert spoken_languages.names_of("en,es") == "English, Español"


@pytest.mark.django_db
def test_matching_compares_codes_exactly():
    SupporterProfileFactory(languages="en,es", user__email="both@h.test")
    SupporterProfileFactory(languages="es", user__email="es@h.test")
    SupporterProfileFactory(languages="en", user__email="en@h.test")
    found = set(
        SupporterProfile.objects.filter(matching.speaks("es")).values_list("user__email", flat=True)
    )
    assert found == {"both@h.test", "es@h.test"}
    # A request written before the codes ("Spanish") is read as its code.
    assert SupporterProfile.objects.filter(matching.speaks("Spanish")).count() == 2


@pytest.mark.parametrize(
    ("migration", "make", "field", "written", "coded"),
    [
        (
            "roster.migrations.0006_supporter_languages_as_codes",
            SupporterProfileFactory,
            "languages",
            "English, Spanish, Klingon",
            "en,es,Klingon",
        ),
        (
            "support_requests.migrations.0010_request_language_as_code",
            SupportRequestFactory,
            "language",
            "Spanish",
            "es",
        ),
    ],
)
@pytest.mark.django_db
def test_the_data_migrations_turn_names_into_codes_and_back(migration, make, field, written, coded):
    row = make(**{field: written})
    module = importlib.import_module(migration)
    module.to_codes(apps, None)
    row.refresh_from_db()
    assert getattr(row, field) == coded
    module.to_names(apps, None)
    row.refresh_from_db()
    assert getattr(row, field) == written
