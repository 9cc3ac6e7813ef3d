"""The standing courses of the program. The Education Committee adds others."""

from django.db import migrations

STANDING_COURSES = [
    {
        "slug": "initial-peer-supporter-training",
        "name": "Initial peer supporter training",
        "description": "The core course every peer supporter completes before being matched: the program's model, psychological first aid, confidentiality and when to refer.",
        "duration_minutes": 480,
        "completion_effect": "certifies",
    },
    {
        "slug": "refresher",
        "name": "Peer supporter refresher",
        "description": "Practice and updates for trained supporters; renews the training status.",
        "duration_minutes": 180,
        "completion_effect": "renews",
    },
    {
        "slug": "active-listening",
        "name": "Active listening",
        "description": "Reflective listening, open questions and holding silence, practised in pairs.",
        "duration_minutes": 120,
        "completion_effect": "none",
    },
    {
        "slug": "boundaries",
        "name": "Boundaries and self-care",
        "description": "What peer support is and is not, handing over to professional help, and looking after yourself.",
        "duration_minutes": 90,
        "completion_effect": "none",
    },
]


def add_standing_courses(apps, schema_editor):
    Course = apps.get_model("training", "Course")
    for course in STANDING_COURSES:
        Course.objects.get_or_create(
            slug=course["slug"],
            defaults={**course, "is_standing": True, "refresher_interval_months": 24},
        )


class Migration(migrations.Migration):
    dependencies = [("training", "0001_courses_sessions_enrolments_feedback")]

    operations = [migrations.RunPython(add_standing_courses, migrations.RunPython.noop)]
