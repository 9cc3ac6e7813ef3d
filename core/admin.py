"""The Django admin for IT staff. It shows no request details (see support_requests/admin.py).

A superuser is an insider like any other: the models that touch a request (the request, the
outbox, the audit log) are registered read-only with an explicit allow-list of what is shown,
filtered and sorted, and every other lookup is refused with the same answer whatever its value,
so a filter cannot be used to guess a hidden column one character at a time.
"""

from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group

from core.models import AuditEvent, Notification, User
from core.sessions import end_sessions_of


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
    # Roles open pages, and two of them open request details: they change only through the
    # application's grant pages (two people, announced), never here.
    readonly_fields = ["groups", "is_superuser", "last_login", "date_joined"]

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if change and "is_active" in form.changed_data and not obj.is_active:
            end_sessions_of(obj)


# Groups are the program's roles: no admin page may create, rename or fill them.
admin.site.unregister(Group)


class AllowListAdmin(admin.ModelAdmin):
    """Read-only; shows `fields`, filters on `list_filter` only, searches nothing.

    Django allows any lookup on a model's own fields by default (`?details__startswith=a`); here
    a lookup is answered only if it is one of the list filters, and refused (400) otherwise.
    """

    search_fields = ()
    date_hierarchy = None
    show_full_result_count = False
    actions = None

    def get_readonly_fields(self, request, obj=None):
        return self.fields

    def get_sortable_by(self, request):
        return [name for name in self.list_display if name in self.fields]

    def lookup_allowed(self, lookup, value, request=None):
        names = [entry if isinstance(entry, str) else entry[0] for entry in self.list_filter]
        return lookup in {
            form for name in names for form in (name, f"{name}__exact", f"{name}__isempty")
        }

    def to_field_allowed(self, request, to_field):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).only("pk", *self.fields)

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(AuditEvent)
class AuditEventAdmin(AllowListAdmin):
    fields = ["at", "actor_id", "action", "detail", "object_type", "object_id", "outcome", "ip"]
    list_display = ["at", "actor_id", "action", "object_type", "object_id", "outcome", "ip"]
    list_filter = ["action", "outcome"]


@admin.register(Notification)
class NotificationAdmin(AllowListAdmin):
    # Never the recipient: a notice about a request's end names who asked for help.
    fields = ["kind", "subject_type", "created_at", "sent_at", "attempts", "parked_at"]
    list_display = ["kind", "subject_type", "created_at", "sent_at", "attempts", "parked_at"]
    list_filter = ["kind", ("parked_at", admin.EmptyFieldListFilter)]
    actions = ["send_again"]

    @admin.action(description="Send the selected parked notices again")
    def send_again(self, request, queryset):
        # Once the mail settings are fixed: the sweep picks them up within a minute.
        count = queryset.filter(sent_at__isnull=True, parked_at__isnull=False).update(
            parked_at=None, next_attempt_at=None, attempts=0
        )
        self.message_user(request, f"{count} notice(s) will be sent again.")
