"""Requests in the admin: state and dates only. No free text, identity or contact fields (SPEC 2.1)."""

from django.contrib import admin

from support_requests.models import SupportRequest


@admin.register(SupportRequest)
class SupportRequestAdmin(admin.ModelAdmin):
    list_display = ["short_id", "state", "category", "urgency", "submitted_at", "closed_at"]
    list_filter = ["state", "urgency", "category"]
    fields = ["state", "category", "urgency", "submitted_at", "closed_at"]
    readonly_fields = fields
    show_full_result_count = False

    @admin.display(description="Request")
    def short_id(self, obj):
        return str(obj.pk)[:8]

    def get_queryset(self, request):
        return super().get_queryset(request).only(*self.fields, "id")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
