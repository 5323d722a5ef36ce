"""Reads of the accounts app. Each selector returns only what its `user` may see."""

from django.contrib.auth import get_user_model
from django.db.models import Count, QuerySet

from .models import STAFF_ROLES, IndividualProfile, Notification, OrganizationProfile, Recommender, Role
from .notifications import notifications_for

User = get_user_model()


def inbox_for(*, user) -> QuerySet[Notification]:
    """SPEC §11: the user's own notifications, newest first; never anyone else's."""
    return notifications_for(user=user)


def inbox_notification_get(*, user, pk: int) -> Notification | None:
    """One of the user's own notifications, or None (also when it exists but belongs to someone else)."""
    return inbox_for(user=user).filter(pk=pk).first()


def inbox_unread_count(*, user) -> int:
    return inbox_for(user=user).filter(read_at__isnull=True).count()


def staff_accounts(*, role: str | None = None) -> QuerySet:
    """The accounts the office manages (SPEC §1): every role but the applicants and experts, by role then name."""
    roles = [role] if role in STAFF_ROLES else list(STAFF_ROLES)
    return (
        User.objects.filter(role__in=roles)
        .select_related("recommender")
        .order_by("role", "recommender__name", "username")
    )


def staff_account_get(*, pk: int):
    """A staff account by id, or None when the id is not one the office manages here (an applicant, an expert)."""
    return User.objects.filter(pk=pk, role__in=STAFF_ROLES).first()


def account_get(*, pk: int):
    """Any account by id, or None (the office's two-factor reset page decides what it may do with it)."""
    return User.objects.filter(pk=pk).select_related("recommender").first()


def organization_profile_of(*, user) -> OrganizationProfile | None:
    if user.role != Role.ORGANIZATION:
        return None
    return OrganizationProfile.objects.filter(user=user).prefetch_related("certifications").first()


def individual_profile_of(*, user) -> IndividualProfile | None:
    if user.role != Role.INDIVIDUAL:
        return None
    return IndividualProfile.objects.filter(user=user).first()


def id_number_for_viewer(*, profile: IndividualProfile, viewer) -> str:
    """SPEC §1, issue 2: an ID number is shown in full to the office only; everyone else, the holder included,
    sees it masked (370102********123X)."""
    if viewer is not None and viewer.is_authenticated and viewer.is_active and viewer.role == Role.OFFICE:
        return profile.id_number
    return profile.masked_id_number


def recommenders_with_account_counts():
    return Recommender.objects.annotate(account_count=Count("users")).order_by("kind", "id")


def users_with_role(role):
    """The active accounts of `role`, in the order they were opened (whom a service tells of an event)."""
    return User.objects.filter(role=role, is_active=True).order_by("id")


def office_users():
    """The office's active accounts (质量强市工作领导小组办公室)."""
    return users_with_role(Role.OFFICE)
