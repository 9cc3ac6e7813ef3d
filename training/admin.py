"""Admin for the course catalogue and sessions. Feedback answers and feed tokens stay out of it:
the answers are read only as aggregates, and a token is a secret."""

from django.contrib import admin

from training.models import Course, TrainingSession


@admin.register(Course)
class CourseAdmin(admin.ModelAdmin):
    list_display = ["name", "duration_minutes", "completion_effect", "refresher_interval_months"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(TrainingSession)
class TrainingSessionAdmin(admin.ModelAdmin):
    list_display = ["course", "starts_at", "place", "capacity", "status"]
    list_filter = ["status", "course"]
    date_hierarchy = "starts_at"
    # Changes go through the pages, which notify people and keep the wait list moving.
    readonly_fields = ["uid", "sequence", "status"]
