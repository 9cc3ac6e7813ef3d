from django.contrib import admin

from roster.models import LocalLead, SupporterProfile, Unit


@admin.register(Unit)
class UnitAdmin(admin.ModelAdmin):
    list_display = ["name", "code", "kind", "parent"]
    list_filter = ["kind"]
    search_fields = ["name", "code"]


@admin.register(LocalLead)
class LocalLeadAdmin(admin.ModelAdmin):
    list_display = ["user", "unit", "since"]
    autocomplete_fields = ["unit"]


@admin.register(SupporterProfile)
class SupporterProfileAdmin(admin.ModelAdmin):
    list_display = ["user", "role_type", "home_unit", "status", "is_available", "refresher_due_on"]
    list_filter = ["status", "role_type"]
    list_select_related = ["user", "home_unit"]
