from django.contrib import admin

from roster.models import LocalLead, Nomination, OnCallShift, SupporterProfile, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(LocalLead)
class LocalLeadAdmin(admin.ModelAdmin):
    # A local lead reads the requests of their unit: appointed only through the grant pages.
    list_display = ["user", "unit", "since"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(SupporterProfile)
class SupporterProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role_type", "home_unit", "status", "is_available", "refresher_due_on"]
    list_filter = ["status", "role_type"]
    list_select_related = ["user", "home_unit"]


@admin.register(Nomination)
class NominationAdmin(admin.ModelAdmin):
    list_display = ["nominee", "unit", "role_type", "state", "created_at"]
    list_filter = ["state"]
    list_select_related = ["nominee", "unit"]


@admin.register(OnCallShift)
class OnCallShiftAdmin(admin.ModelAdmin):
    list_display = ["supporter", "starts_at", "ends_at"]
    list_select_related = ["supporter"]
    date_hierarchy = "starts_at"
