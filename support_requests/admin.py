"""Requests in the admin: state and dates only. No free text, identity or contact fields.

Registered through `core.admin.AllowListAdmin`: every lookup but the three list filters is refused.
"""

from django.contrib import admin

from core.admin import AllowListAdmin
from support_requests.models import SupportRequest


@admin.register(SupportRequest)
class SupportRequestAdmin(AllowListAdmin):
    list_display = ["short_id", "state", "category", "urgency", "submitted_at", "closed_at"]
    list_filter = ["state", "urgency", "category"]
    fields = ["state", "category", "urgency", "submitted_at", "closed_at"]
    ordering = ["-submitted_at"]

    @admin.display(description="Request")
    def short_id(self, obj):
        return str(obj.pk)[:8]
