from django.db import migrations

STANDING = [
    (
        "Advisory Committee",
        "advisory",
        "Guides the program; chaired by the program's Chair / Co-Chairs.",
    ),
    (
        "Education Committee",
        "education",
        "Designs and delivers peer supporter training; reviews training feedback.",
    ),
    (
        "Marketing & Communications Committee",
        "marketing-communications",
        "Makes the program known to every employee.",
    ),
    ("IT Committee", "it", "Runs this application and the program's other tools."),
]


def create_committees(apps, schema_editor):
    Committee = apps.get_model("committees", "Committee")
    for name, slug, purpose in STANDING:
        Committee.objects.get_or_create(
            slug=slug, defaults={"name": name, "purpose": purpose, "is_standing": True}
        )


class Migration(migrations.Migration):
    dependencies = [("committees", "0002_initial")]

    operations = [migrations.RunPython(create_committees, migrations.RunPython.noop)]
