"""The agenda and minutes a meeting had for its whole series become those of its first
occurrence, published as they were (members could read them). The meeting's agenda stays as the
standing agenda every new occurrence starts from."""

from zoneinfo import ZoneInfo

from django.db import migrations
from django.utils import timezone


def forwards(apps, schema_editor):
    Meeting = apps.get_model("committees", "Meeting")
    MeetingRecord = apps.get_model("committees", "MeetingRecord")
    now = timezone.now()
    for meeting in Meeting.objects.exclude(agenda="", minutes="").iterator():
        occurs_on = meeting.starts_at.astimezone(ZoneInfo(meeting.time_zone)).date()
        MeetingRecord.objects.get_or_create(
            meeting=meeting,
            occurs_on=occurs_on,
            defaults={
                "agenda": meeting.agenda,
                "minutes": meeting.minutes,
                "agenda_published_at": now if meeting.agenda else None,
                "minutes_published_at": now if meeting.minutes else None,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("committees", "0007_occurrence_records_and_plan_who")]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
