"""The Django admin for IT staff. It shows no request details (see support_requests/admin.py)."""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin

from core.models import AuditEvent, Notification, User


@admin.register(User)
class UserAdmin(DjangoUserAdmin):
    ordering = ["email"]
    list_display = ["email", "first_name", "last_name", "is_active", "is_staff"]
    search_fields = ["email", "first_name", "last_name"]
    fieldsets = (
        (None, {"fields": ("email", "password")}),
        ("Person", {"fields": ("first_name", "last_name", "job_title")}),
        ("Access", {"fields": ("is_active", "is_staff", "is_superuser", "groups")}),
        ("Dates", {"fields": ("last_login", "date_joined")}),
    )
    add_fieldsets = ((None, {"classes": ("wide",), "fields": ("email", "password1", "password2")}),)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    list_display = ["at", "actor_id", "action", "object_type", "object_id", "outcome", "ip"]
    list_filter = ["action", "outcome"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["kind", "recipient", "created_at", "sent_at", "attempts", "parked_at"]
    list_filter = ["kind", ("parked_at", admin.EmptyFieldListFilter)]
    readonly_fields = [f.name for f in Notification._meta.fields]
    actions = ["send_again"]

    @admin.action(description="Send the selected parked notices again")
    def send_again(self, request, queryset):
        # Once the mail settings are fixed: the sweep picks them up within a minute.
        count = queryset.filter(sent_at__isnull=True, parked_at__isnull=False).update(
            parked_at=None, next_attempt_at=None, attempts=0
        )
        self.message_user(request, f"{count} notice(s) will be sent again.")
