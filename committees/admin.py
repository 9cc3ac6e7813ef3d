from django.contrib import admin

from committees.models import Committee, CommitteeMembership


class MembershipInline(admin.TabularInline):
    model = CommitteeMembership
    extra = 0


@admin.register(Committee)
class CommitteeAdmin(admin.ModelAdmin):
    list_display = ["name", "is_standing"]
    inlines = [MembershipInline]
