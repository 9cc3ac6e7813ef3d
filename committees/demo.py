"""The demo committees and their members."""

from committees.models import Committee, CommitteeMembership, CommitteeRole


def seed(accounts) -> list[str]:
    # get_or_create: browser tests flush the database, data migrations included.
    education, _ = Committee.objects.get_or_create(
        slug="education", defaults={"name": "Education Committee", "is_standing": True}
    )
    advisory, _ = Committee.objects.get_or_create(
        slug="advisory", defaults={"name": "Advisory Committee", "is_standing": True}
    )
    CommitteeMembership.objects.get_or_create(
        committee=education,
        user=accounts["education@demo.test"],
        defaults={"role": CommitteeRole.CHAIR},
    )
    CommitteeMembership.objects.get_or_create(
        committee=advisory, user=accounts["chair@demo.test"], defaults={"role": CommitteeRole.CHAIR}
    )
    CommitteeMembership.objects.get_or_create(
        committee=advisory, user=accounts["manager@demo.test"]
    )
    CommitteeMembership.objects.get_or_create(
        committee=advisory, user=accounts["central@demo.test"]
    )
    return [f"{CommitteeMembership.objects.count()} committee memberships"]
