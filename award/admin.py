"""Django admin for the office's superuser: a read-only window on the award data.

Every change goes through the app's pages and services (workflow tables, audit log, notifications), so the admin
does not offer add, change or delete here.
"""
from django.contrib import admin

from .models import Application, CalendarYear, Cycle, Evidence, Notice, ScoringStandard


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Cycle)
class CycleAdmin(ReadOnlyAdmin):
    list_display = ("number", "year", "stage", "application_opens", "application_closes", "call_published_at")


@admin.register(Application)
class ApplicationAdmin(ReadOnlyAdmin):
    list_display = ("reference", "applicant_name", "kind", "state", "cycle", "recommender", "submitted_at")
    list_filter = ("cycle", "kind", "state", "sector")
    search_fields = ("reference", "applicant_name")
    list_select_related = ("cycle", "recommender")


@admin.register(Evidence)
class EvidenceAdmin(ReadOnlyAdmin):
    list_display = ("original_name", "application", "kind", "size", "sha256", "uploaded_at")
    exclude = ("file",)


@admin.register(Notice)
class NoticeAdmin(ReadOnlyAdmin):
    list_display = ("title", "kind", "cycle", "starts_on", "ends_on", "published_at")


@admin.register(ScoringStandard)
class ScoringStandardAdmin(ReadOnlyAdmin):
    list_display = ("name", "kind", "version", "total_points", "is_default_draft", "approved_at")


@admin.register(CalendarYear)
class CalendarYearAdmin(ReadOnlyAdmin):
    list_display = ("year", "source", "confirmed_by", "confirmed_at")
