from django.db import migrations

POLICIES = [
    ("confidentiality-agreement", "Confidentiality agreement"),
    ("supporter-role-description", "Peer supporter role description"),
    ("scope-of-peer-support", "Scope of peer support"),
]


def create_policies(apps, schema_editor):
    Policy = apps.get_model("committees", "Policy")
    for slug, title in POLICIES:
        Policy.objects.get_or_create(slug=slug, defaults={"title": title})


class Migration(migrations.Migration):
    dependencies = [("committees", "0004_meetings_governance_policies")]

    operations = [migrations.RunPython(create_policies, migrations.RunPython.noop)]
