"""Django admin for the office's superuser: a read-only window on accounts (issue 11).

Roles, the superuser flag, ID numbers and credit codes drive permissions, conflicts of interest and the Art. 24
ban, so they change only through the app's pages and services, which write the audit log; the admin offers no
add, change or delete here, for Django's groups neither. The audit log is read-only here as everywhere (SPEC §14).
"""

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib import admin
from django.contrib.auth.admin import GroupAdmin as DjangoGroupAdmin
from django.contrib.auth.admin import UserAdmin as DjangoUserAdmin
from django.contrib.auth.models import Group
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from .models import (
    AuditEntry,
    Certification,
    IndividualProfile,
    Notification,
    OrganizationProfile,
    Recommender,
    User,
)


class ReadOnlyAdminMixin:
    """No add, change or delete, whoever asks (a superuser passes every `has_perm`, not these)."""

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


admin.site.unregister(Group)


@admin.register(Group)
class GroupAdmin(ReadOnlyAdminMixin, DjangoGroupAdmin):
    pass


@admin.register(User)
class UserAdmin(ReadOnlyAdminMixin, DjangoUserAdmin):
    list_display = ("username", "full_name", "role", "recommender", "email", "is_active", "last_login")
    list_filter = ("role", "is_active", "is_staff", "is_superuser")
    search_fields = ("username", "full_name", "email", "phone")
    list_select_related = ("recommender",)
    fieldsets = DjangoUserAdmin.fieldsets + (
        (_("评审角色"), {"fields": ("role", "full_name", "phone", "recommender")}),
    )
    add_fieldsets = DjangoUserAdmin.add_fieldsets + (
        (_("评审角色"), {"fields": ("role", "full_name", "email", "recommender")}),
    )


class CertificationInline(ReadOnlyAdminMixin, admin.TabularInline):
    model = Certification
    extra = 0


@admin.register(OrganizationProfile)
class OrganizationProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "credit_code", "district", "sector", "size", "registration_date")
    list_filter = ("district", "sector", "size")
    search_fields = ("name", "credit_code", "contact_name")
    raw_id_fields = ("user",)
    inlines = [CertificationInline]


@admin.register(IndividualProfile)
class IndividualProfileAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "masked_id_number", "employer", "district", "sector")
    list_filter = ("district", "sector")
    search_fields = ("name", "id_number", "employer")
    raw_id_fields = ("user",)

    @admin.display(description=_("居民身份证号码"))
    def masked_id_number(self, obj):
        return obj.masked_id_number


@admin.register(Recommender)
class RecommenderAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("name", "kind", "district", "is_active")
    list_filter = ("kind", "is_active")
    search_fields = ("name",)


@admin.register(Notification)
class NotificationAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    list_display = ("subject", "recipient", "event", "created_at", "read_at", "email_sent_at", "attempts")
    list_filter = ("event",)
    search_fields = ("subject", "recipient__username", "delivery_key")
    raw_id_fields = ("recipient",)
    readonly_fields = ("delivery_key", "created_at", "relayed_at", "email_sent_at", "attempts", "last_error")


@admin.register(AuditEntry)
class AuditEntryAdmin(ReadOnlyAdminMixin, admin.ModelAdmin):
    """Art. 11, 26: the log is append-only; the admin may read and search it, never add, change or delete."""

    list_display = ("id", "at", "actor_label", "action", "object_type", "object_id", "cycle_id", "ip_address")
    list_filter = ("action", "object_type")
    search_fields = ("action", "actor_label", "object_id")
    date_hierarchy = "at"


# Sign-in (issue 11). django-axes' records of failed and successful logins: read-only like the rest (a lock is
# lifted with `manage.py axes_reset_username`). django-otp's devices hold the authenticator keys and the recovery
# codes in clear: not shown in the admin at all (each person sees their own status under 账号安全).
def _read_only_reregister(model):
    if admin.site.is_registered(model):
        base = type(admin.site._registry[model])
        admin.site.unregister(model)
        admin.site.register(model, type(f"ReadOnly{base.__name__}", (ReadOnlyAdminMixin, base), {}))


def _unregister(model):
    if admin.site.is_registered(model):
        admin.site.unregister(model)


for _model in (AccessAttempt, AccessLog, AccessFailureLog):
    _read_only_reregister(_model)
for _model in (TOTPDevice, StaticDevice):
    _unregister(_model)
