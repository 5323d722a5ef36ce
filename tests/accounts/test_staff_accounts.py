"""The office's staff accounts (SPEC §1): who may create them, for which roles, enabling and disabling; the admin."""

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse

from accounts.models import AuditEntry, Role, User
from accounts.services import staff_account_create, user_set_active
from tests.factories.accounts import (
    AgencyUserFactory,
    ExpertUserFactory,
    IndividualFactory,
    LeadingGroupUserFactory,
    OfficeUserFactory,
    OrganizationFactory,
    RecommenderFactory,
    RecommenderUserFactory,
    SupervisorUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

INITIAL_PASSWORD = "Initial-Pass-2018"


@pytest.fixture
def office():
    return OfficeUserFactory()


def staff_post(**overrides):
    data = {
        "role": Role.SUPERVISOR,
        "recommender": "",
        "full_name": "赵监督",
        "username": "zhao-supervisor",
        "email": "zhao@example.com",
        "password1": INITIAL_PASSWORD,
        "password2": INITIAL_PASSWORD,
    }
    data.update(overrides)
    return data


def test_staff_create_recommender_account_belongs_to_its_recommender(client, office):
    county = RecommenderFactory(name="惠民县人民政府")
    client.force_login(office)

    response = client.post(
        reverse("accounts:staff_create"),
        staff_post(role=Role.RECOMMENDER, recommender=str(county.pk), username="huimin", full_name="惠民县"),
    )

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:staff_list")
    user = User.objects.get(username="huimin")
    assert (user.role, user.recommender, user.full_name) == (Role.RECOMMENDER, county, "惠民县")
    assert user.check_password(INITIAL_PASSWORD)
    entry = AuditEntry.objects.get(action="account.staff_created")
    assert (entry.actor, entry.object_id) == (office, str(user.pk))


@pytest.mark.parametrize(
    "role", [Role.OFFICE, Role.AGENCY, Role.SUPERVISOR, Role.LEADING_GROUP, Role.EXPERT],
    ids=lambda role: role.value
)
def test_staff_create_other_staff_roles_without_recommender(client, office, role):
    client.force_login(office)

    client.post(reverse("accounts:staff_create"), staff_post(role=role))

    assert User.objects.get(username="zhao-supervisor").role == role


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"role": Role.RECOMMENDER}, "recommender", "请选择该账号所属的推荐单位。"),
        ({"role": Role.ORGANIZATION}, "role", "选择一个有效的选项"),
        ({"password2": "something-else-1"}, "password2", "两次输入的密码不一致。"),
    ],
    ids=["recommender-without-unit", "applicant-role", "mismatched-passwords"],
)
def test_staff_create_invalid_input_creates_nothing(client, office, overrides, field, message):
    client.force_login(office)
    before = User.objects.count()

    response = client.post(reverse("accounts:staff_create"), staff_post(**overrides))

    assert response.status_code == 200
    assert message in " ".join(response.context["form"].errors[field])
    assert User.objects.count() == before


def test_staff_create_recommender_chosen_for_non_recommender_role_is_refused(client, office):
    client.force_login(office)

    response = client.post(
        reverse("accounts:staff_create"),
        staff_post(role=Role.AGENCY, recommender=str(RecommenderFactory().pk)),
    )

    assert response.context["form"].errors["recommender"] == ["只有推荐单位账号才选择推荐单位。"]
    assert not User.objects.filter(username="zhao-supervisor").exists()


def test_staff_account_create_by_non_office_is_refused():
    with pytest.raises(PermissionDenied):
        staff_account_create(
            role=Role.OFFICE,
            username="sneaky",
            full_name="越权",
            email="s@example.com",
            password=INITIAL_PASSWORD,
            by=AgencyUserFactory(),
        )

    assert not User.objects.filter(username="sneaky").exists()


def test_staff_list_shows_staff_not_applicants_or_experts(client, office):
    RecommenderUserFactory(full_name="滨城区人民政府")
    SupervisorUserFactory(full_name="钱监督")
    OrganizationFactory(name="申报组织甲")
    ExpertUserFactory(full_name="孙专家")
    client.force_login(office)

    response = client.get(reverse("accounts:staff_list"))

    names = {account.full_name for account in response.context["page_obj"]}
    assert names == {"滨城区人民政府", "钱监督", office.full_name}


def test_staff_list_filters_by_role(client, office):
    SupervisorUserFactory(full_name="钱监督")
    AgencyUserFactory(full_name="评审机构")
    client.force_login(office)

    response = client.get(reverse("accounts:staff_list"), {"role": Role.AGENCY})

    assert [account.full_name for account in response.context["page_obj"]] == ["评审机构"]


@pytest.mark.parametrize("count", [1, 12], ids=["one", "twelve"])
def test_staff_list_query_count_does_not_grow_with_accounts(
    client, office, django_assert_max_num_queries, count
):
    for _ in range(count):
        RecommenderUserFactory()
    client.force_login(office)

    with django_assert_max_num_queries(9):
        client.get(reverse("accounts:staff_list"))


def test_staff_toggle_active_disables_then_enables(client, office):
    supervisor = SupervisorUserFactory()
    client.force_login(office)
    url = reverse("accounts:staff_toggle_active", args=[supervisor.pk])

    client.post(url)
    supervisor.refresh_from_db()
    assert supervisor.is_active is False

    client.post(url)
    supervisor.refresh_from_db()
    assert supervisor.is_active is True
    actions = list(AuditEntry.objects.filter(object_id=str(supervisor.pk)).values_list("action", flat=True))
    assert actions == ["account.deactivated", "account.activated"]


def test_staff_toggle_active_applicant_is_404(client, office):
    applicant = OrganizationFactory().user
    client.force_login(office)

    response = client.post(reverse("accounts:staff_toggle_active", args=[applicant.pk]))

    assert response.status_code == 404
    applicant.refresh_from_db()
    assert applicant.is_active is True


def test_staff_toggle_active_own_account_stays_active(client, office):
    client.force_login(office)

    response = client.post(reverse("accounts:staff_toggle_active", args=[office.pk]), follow=True)

    office.refresh_from_db()
    assert office.is_active is True
    assert "不能停用自己正在使用的账号。" in response.content.decode()


def test_user_set_active_by_non_office_is_refused():
    supervisor = SupervisorUserFactory()

    with pytest.raises(PermissionDenied):
        user_set_active(user=supervisor, active=False, by=LeadingGroupUserFactory())

    supervisor.refresh_from_db()
    assert supervisor.is_active is True


# --- who may open the office's pages -------------------------------------------------------------------------------

OFFICE_PAGES = [
    ("get", "accounts:staff_list", False),
    ("get", "accounts:staff_create", False),
    ("post", "accounts:staff_create", False),
    ("post", "accounts:staff_toggle_active", True),
]
OFFICE_PAGE_IDS = ["list", "create-form", "create-post", "toggle"]


@pytest.mark.parametrize(("method", "url_name", "needs_pk"), OFFICE_PAGES, ids=OFFICE_PAGE_IDS)
def test_office_pages_anonymous_is_sent_to_login(client, method, url_name, needs_pk):
    target = SupervisorUserFactory()

    response = getattr(client, method)(reverse(url_name, args=[target.pk] if needs_pk else []))

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("accounts:login"))


@pytest.mark.parametrize(("method", "url_name", "needs_pk"), OFFICE_PAGES, ids=OFFICE_PAGE_IDS)
@pytest.mark.parametrize(
    "user_factory",
    [
        lambda: OrganizationFactory().user,
        lambda: IndividualFactory().user,
        RecommenderUserFactory,
        AgencyUserFactory,
        ExpertUserFactory,
        SupervisorUserFactory,
        LeadingGroupUserFactory,
        lambda: UserFactory(role="", is_superuser=True, is_staff=True),
    ],
    ids=[
        "organization",
        "individual",
        "recommender",
        "agency",
        "expert",
        "supervisor",
        "leading-group",
        "superuser",
    ],
)
def test_office_pages_other_roles_are_forbidden_and_change_nothing(
    client, method, url_name, needs_pk, user_factory
):
    target = SupervisorUserFactory()
    client.force_login(user_factory())
    before = (User.objects.count(), AuditEntry.objects.count())

    response = getattr(client, method)(reverse(url_name, args=[target.pk] if needs_pk else []), staff_post())

    assert response.status_code == 403
    target.refresh_from_db()
    assert target.is_active is True
    # nothing changed: no account, and no audit entry but the refusal itself
    refusals = list(AuditEntry.objects.order_by("pk").values_list("action", flat=True)[before[1]:])
    assert (User.objects.count(), refusals) == (before[0], ["access.denied"])


@pytest.mark.parametrize("url_name", ["accounts:staff_list", "accounts:staff_create"])
def test_office_pages_office_may_open(client, office, url_name):
    client.force_login(office)

    assert client.get(reverse(url_name)).status_code == 200


# --- admin for the office's superuser ------------------------------------------------------------------------------


def test_admin_audit_log_is_read_only_for_superuser(admin_client):
    assert admin_client.get(reverse("admin:accounts_auditentry_changelist")).status_code == 200
    assert admin_client.get(reverse("admin:accounts_auditentry_add")).status_code == 403


@pytest.mark.parametrize(
    "model", ["user", "organizationprofile", "individualprofile", "recommender", "notification"]
)
def test_admin_accounts_models_are_listed_for_superuser(admin_client, model):
    assert admin_client.get(reverse(f"admin:accounts_{model}_changelist")).status_code == 200


def test_admin_individual_list_shows_id_number_masked(admin_client):
    profile = IndividualFactory()

    content = admin_client.get(reverse("admin:accounts_individualprofile_changelist")).content.decode()

    assert profile.masked_id_number in content
