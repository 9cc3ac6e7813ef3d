"""factory_boy factories for the whole project."""

import datetime

import factory
from django.contrib.auth.models import Group
from django.utils import timezone

from committees.models import Committee, CommitteeMembership
from core.models import User
from roster.models import JobRoleType, LocalLead, SupporterProfile, SupporterStatus, Unit, UnitKind
from support_requests.models import Category, SupportRequest

PASSWORD = "correct-horse-battery-staple"  # noqa: S105


def _letters(n: int, width: int = 5) -> str:
    """n written in the letters a-z, always `width` of them (aaaaa, aaaab, ...)."""
    out = ""
    for _ in range(width):
        n, digit = divmod(n, 26)
        out = chr(ord("a") + digit) + out
    return out


class UserFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = User
        skip_postgeneration_save = True

    email = factory.Sequence(lambda n: f"person{n}@hospital.test")
    # Names no page can contain by chance (generated surnames such as "English" or "Hope" are words
    # of the interface), all of one length so that no name is part of another.
    first_name = factory.Sequence(lambda n: f"Zo{_letters(n)}")
    last_name = factory.Sequence(lambda n: f"Vq{_letters(n)}")
    password = factory.PostGenerationMethodCall("set_password", PASSWORD)

    @factory.post_generation
    def roles(self, create, extracted, **kwargs):
        for group_name in extracted or []:
            self.groups.add(Group.objects.get_or_create(name=group_name)[0])
        if create:
            self.save()


class HospitalFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit
        django_get_or_create = ("code",)

    name = "Test Hospital"
    code = "hospital"
    kind = UnitKind.HOSPITAL
    parent = None


class DepartmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Department {n}")
    code = factory.Sequence(lambda n: f"dept-{n}")
    kind = UnitKind.DEPARTMENT
    parent = factory.SubFactory(HospitalFactory)


class UnitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Unit

    name = factory.Sequence(lambda n: f"Unit {n}")
    code = factory.Sequence(lambda n: f"unit-{n}")
    kind = UnitKind.UNIT
    parent = factory.SubFactory(DepartmentFactory)


class LocalLeadFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = LocalLead

    user = factory.SubFactory(UserFactory)
    unit = factory.SubFactory(UnitFactory)


class SupporterProfileFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupporterProfile

    user = factory.SubFactory(UserFactory)
    role_type = JobRoleType.NURSE
    home_unit = factory.SubFactory(UnitFactory)
    status = SupporterStatus.ACTIVE
    is_available = True
    trained_on = factory.LazyFunction(lambda: timezone.localdate() - datetime.timedelta(days=100))
    refresher_due_on = factory.LazyFunction(
        lambda: timezone.localdate() + datetime.timedelta(days=600)
    )
    agreement_signed_on = factory.LazyFunction(
        lambda: timezone.localdate() - datetime.timedelta(days=100)
    )


class CommitteeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Committee
        django_get_or_create = ("slug",)

    name = factory.Sequence(lambda n: f"Committee {n}")
    slug = factory.Sequence(lambda n: f"committee-{n}")


class CommitteeMembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeMembership

    committee = factory.SubFactory(CommitteeFactory)
    user = factory.SubFactory(UserFactory)


class SupportRequestFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SupportRequest

    requester = factory.SubFactory(UserFactory)
    category = Category.ADVERSE_EVENT
    unit = factory.SubFactory(UnitFactory)
    details = "Something hard happened on the night shift."
    contact_detail = "555-0100"
