"""Admin: SCIM clients and directory records, and the leaver path on the user admin."""

from django.contrib import admin, messages

from core.admin import UserAdmin as PeopleAdmin
from core.models import User
from identity.models import DeactivationReason, Employment, ScimClient
from identity.services import deactivate_user


@admin.register(Employment)
class EmploymentAdmin(admin.ModelAdmin):
    list_display = ("user", "unit", "role_type", "source", "updated_at", "deprovisioned_at")
    list_filter = ("source", "role_type")
    raw_id_fields = ("user",)
    readonly_fields = ("source", "updated_at", "external_id", "deprovisioned_at")


@admin.register(ScimClient)
class ScimClientAdmin(admin.ModelAdmin):
    # Clients are added with `manage.py scim_client add NAME`, which shows the token once.
    list_display = ("name", "is_active", "created_at", "last_used_at")
    readonly_fields = ("name", "token_digest", "created_at", "last_used_at")

    def has_add_permission(self, request):
        return False


admin.site.unregister(User)


@admin.register(User)
class UserAdmin(PeopleAdmin):
    """Switching an account off by hand is a leaver, exactly as when the directory does it."""

    actions = ["switch_off_leavers"]

    @admin.action(description="Switch off as leavers (sessions, requests, rota, committees)")
    def switch_off_leavers(self, request, queryset):
        for person in queryset.filter(is_active=True):
            deactivate_user(user=person, actor=request.user, reason=DeactivationReason.LEFT)
        messages.success(request, "Switched off; their open requests went back to the leads.")

    def save_model(self, request, obj, form, change):
        leaving = change and "is_active" in form.changed_data and not obj.is_active
        if leaving:
            obj.is_active = True  # deactivate_user switches it off with everything else
        super().save_model(request, obj, form, change)
        if leaving:
            deactivate_user(user=obj, actor=request.user, reason=DeactivationReason.LEFT)
