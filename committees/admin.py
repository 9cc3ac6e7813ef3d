from django.contrib import admin

from committees.models import (
    Committee,
    CommitteeMembership,
    Meeting,
    PlanActivity,
    Policy,
    PolicyVersion,
    ProgramArea,
    RoleAssignment,
)


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0
    raw_id_fields = ["user"]


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_standing"]
    inlines = [MembershipInline]


@admin.register(Meeting)
class MeetingAdmin(admin.ModelAdmin):
    # Changes go through the meeting pages, which send updated invitations; the admin only reads.
    list_display = ["title", "kind", "committee", "starts_at", "recurrence", "sequence"]
    list_filter = ["kind", "committee"]

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(RoleAssignment)
class RoleAssignmentAdmin(admin.ModelAdmin):
    # The history of role holders is written by the leadership page only.
    list_display = ["user", "role", "started_on", "ended_on", "assigned_by"]
    list_filter = ["role"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.register(ProgramArea)


@admin.register(PlanActivity)
class PlanActivityAdmin(admin.ModelAdmin):
    list_display = ["activity", "area", "responsible", "status", "due_on"]
    list_filter = ["status", "area"]
    raw_id_fields = ["responsible"]


class PolicyVersionInline(admin.TabularInline):
    model = PolicyVersion
    extra = 0
    fields = ["number", "published_on"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(Policy)
class PolicyAdmin(admin.ModelAdmin):
    list_display = ["title", "slug"]
    inlines = [PolicyVersionInline]
