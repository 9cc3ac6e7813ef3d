"""A staff member switches to Español, asks for support and reads the confirmation in Spanish; a
supporter whose language is Spanish is told of the assignment in Spanish. axe runs on the
Spanish pages staff and supporters use (lang="es")."""

import pytest
from django.core import mail

from core.models import User
from core.notifications import deliver_pending
from support_requests import matching, services
from support_requests.models import SupportRequest
from tests.browser.conftest import assert_accessible, sign_in

pytestmark = pytest.mark.browser


def assert_spanish(page) -> None:
    assert page.get_attribute("html", "lang") == "es"


def test_a_request_in_spanish_and_the_supporters_spanish_notice(demo_site, page):
    base = demo_site.url

    # 1. Signed out, the footer's switcher (no script needed) turns the sign-in page Spanish.
    page.goto(f"{base}/accounts/login/")
    page.select_option("#ps-language", "es")
    page.get_by_role("button", name="Change language").click()
    page.wait_for_load_state("networkidle")
    assert_spanish(page)
    assert page.get_by_role("heading", name="Inicie sesión en Apoyo entre Compañeros").is_visible()
    assert_accessible(page, "sign-in page in Spanish")

    # 2. The staff member signs in (the choice goes onto their profile) and asks for support.
    sign_in(page, base, "staff@demo.test")
    assert User.objects.get(email="staff@demo.test").language == "es"
    page.goto(f"{base}/requests/new/")
    assert_spanish(page)
    assert page.get_by_text("Este no es un servicio de emergencias.").first.is_visible()
    assert_accessible(page, "request form in Spanish")
    page.select_option("#id_category", "workload")
    page.select_option("#id_unit", label="Intensive Care Unit")
    page.check("input[name=urgency][value=this_week]")
    page.select_option("#id_contact_method", "phone")
    page.fill("#id_contact_detail", "555-0142")
    page.click("summary:has-text('Más preferencias')")
    page.select_option("#id_language", "es")
    page.get_by_role("button", name="Enviar mi solicitud").click()
    page.wait_for_load_state("networkidle")

    # 3. The confirmation, in Spanish, with the target in Spanish words and dates.
    assert_spanish(page)
    assert page.get_by_text("Gracias. Hemos recibido su solicitud.").is_visible()
    assert page.get_by_text("24 horas").is_visible()
    assert_accessible(page, "confirmation in Spanish")
    support_request = SupportRequest.objects.filter(requester__email="staff@demo.test").latest(
        "submitted_at"
    )
    assert support_request.language == "es"

    # 4. A supporter who speaks Spanish, and reads in Spanish, is assigned and told in Spanish.
    central = User.objects.get(email="central@demo.test")
    supporter = (
        matching.eligible_supporters(requester_id=support_request.requester_id)
        .filter(matching.speaks("es"), user__language="es")
        .select_related("user")
        .first()
        .user
    )
    mail.outbox.clear()
    services.assign_supporter(actor=central, support_request=support_request, supporter=supporter)
    deliver_pending()
    to_supporter = [message for message in mail.outbox if message.to == [supporter.email]]
    (notice,) = [m for m in to_supporter if "nueva asignación" in m.subject]
    assert notice.subject == "[Apoyo entre Compañeros] Tiene una nueva asignación"
    assert all(m.subject.startswith("[Apoyo entre Compañeros]") for m in to_supporter)
    assert "Si necesita ayuda en español, llame al 988 y oprima 2" in notice.body
    assert "555-0142" not in notice.body  # never a request's details

    # 5. The supporter's own pages read in Spanish (their profile's language).
    page.context.clear_cookies()
    sign_in(page, base, supporter.email)
    page.goto(f"{base}/requests/{support_request.pk}/")
    assert_spanish(page)
    assert page.get_by_role("heading", name="¿Acepta esta solicitud?").is_visible()
    assert_accessible(page, "request page for the supporter in Spanish")
    page.goto(f"{base}/roster/me/")
    assert_spanish(page)
    assert_accessible(page, "supporter profile in Spanish")
