import pytest
from django.core.management import call_command

from core import access
from core.models import User
from core.roles import Role
from demo import accounts as demo
from roster.models import SupporterProfile

EXPECTED_ROLES = {
    "staff@demo.test": {Role.STAFF},
    "supporter@demo.test": {Role.SUPPORTER},
    "icu-lead@demo.test": {Role.LOCAL_LEAD},
    "ed-lead@demo.test": {Role.LOCAL_LEAD},
    "central@demo.test": {Role.CENTRAL_LEAD},
    "manager@demo.test": {Role.PROGRAM_MANAGER},
    "chair@demo.test": {Role.CHAIR},
    "sponsor@demo.test": {Role.SPONSOR},
    "education@demo.test": {Role.COMMITTEE_MEMBER},
}


@pytest.mark.django_db
def test_seed_demo_is_idempotent_and_gives_each_account_its_role(settings):
    settings.DEBUG = True
    call_command("seed_demo")
    counts = (User.objects.count(), SupporterProfile.objects.count())
    call_command("seed_demo")
    assert (User.objects.count(), SupporterProfile.objects.count()) == counts
    assert 55 <= SupporterProfile.objects.count() <= 70
    for email, roles in EXPECTED_ROLES.items():
        user = User.objects.get(email=email)
        assert user.check_password(demo.PASSWORD)
        assert roles <= access.roles_of(user), email
