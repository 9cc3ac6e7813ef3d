"""The executive sponsor: aggregate dashboards only."""

from django.urls import reverse

from tests.adversary.conftest import probe_every_request_url


def test_the_sponsor_learns_nothing_from_any_request_url(client, people, secret_request):
    """Attack: guess request ids on every request page, fragment and action; compare answers."""
    client.force_login(people.sponsor)
    assert probe_every_request_url(client, secret_request.pk) == []


def test_the_sponsors_exports_and_pages_name_no_request_or_requester(
    client, people, secret_request
):
    """Attack: read the dashboard, its CSV and the access log for ids, names or words."""
    client.force_login(people.sponsor)
    for url in (reverse("reports:dashboard"), reverse("reports:export")):
        body = client.get(url).content.decode()
        for secret in (str(secret_request.pk), people.staff.email, "Zebra", "Quentin"):
            assert secret not in body
    assert client.get(reverse("support_requests:access_log")).status_code == 403
