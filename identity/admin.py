from django.contrib import admin

from identity.models import Employment


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role_type", "source", "updated_at")
    list_filter = ("source", "role_type")
    raw_id_fields = ("user",)
    readonly_fields = ("source", "updated_at")
