"""Self-registration of organizations (Art. 15) and individuals (Art. 17): happy paths and each refusal."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry, Certification, IndividualProfile, OrganizationProfile, Role, User
from accounts.services import individual_register, organization_register
from tests.factories.accounts import (
    IndividualFactory,
    OfficeUserFactory,
    OrganizationFactory,
    credit_code_sequence,
    id_number_sequence,
    valid_id_number,
)

pytestmark = pytest.mark.django_db

PASSWORD = "Huanghe-River-2018"
CREDIT_CODE = credit_code_sequence(424242)
ID_NUMBER = id_number_sequence(77)


def organization_post(**overrides):
    today = timezone.localdate()
    data = {
        "username": "binzhou-textile",
        "email": "quality@textile.example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "滨州纺织集团有限公司",
        "credit_code": CREDIT_CODE,
        "registration_date": "2010-03-15",
        "district": "bincheng",
        "sector": "secondary",
        "industry": "纺织",
        "size": "medium",
        "address": "滨州市滨城区黄河五路 1 号",
        "contact_name": "王经理",
        "contact_phone": "0543-1234567",
        "has_own_ip": "on",
        "certifications-TOTAL_FORMS": "1",
        "certifications-INITIAL_FORMS": "0",
        "certifications-MIN_NUM_FORMS": "1",
        "certifications-MAX_NUM_FORMS": "1000",
        "certifications-0-kind": "gbt19001",
        "certifications-0-standard": "GB/T 19001-2016",
        "certifications-0-number": "00123Q45678R0M",
        "certifications-0-issuer": "中国质量认证中心",
        "certifications-0-valid_from": (today - datetime.timedelta(days=300)).isoformat(),
        "certifications-0-valid_until": (today + datetime.timedelta(days=400)).isoformat(),
    }
    data.update(overrides)
    return data


def individual_post(**overrides):
    data = {
        "username": "zhang-quality",
        "email": "zhang@example.com",
        "password1": PASSWORD,
        "password2": PASSWORD,
        "name": "张质量",
        "id_number": ID_NUMBER,
        "employer": "滨州纺织集团有限公司",
        "employer_credit_code": "",
        "position": "质量总监",
        "district": "huimin",
        "sector": "secondary",
        "quality_work_since": "2012-09-01",
        "contact_phone": "13905430000",
    }
    data.update(overrides)
    return data


def database_counts():
    return (
        User.objects.count(),
        OrganizationProfile.objects.count(),
        Certification.objects.count(),
        IndividualProfile.objects.count(),
        AuditEntry.objects.count(),
    )


# --- organizations ---------------------------------------------------------------------------------------------


def test_register_organization_valid_creates_account_profile_and_certificate_and_logs_in(client):
    response = client.post(reverse("accounts:register_organization"), organization_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(username="binzhou-textile")
    assert (user.role, user.full_name, user.phone) == (
        Role.ORGANIZATION,
        "滨州纺织集团有限公司",
        "0543-1234567",
    )
    assert user.check_password(PASSWORD)
    profile = user.organization
    assert profile.credit_code == CREDIT_CODE
    assert profile.has_own_ip is True
    assert list(profile.certifications.values_list("number", flat=True)) == ["00123Q45678R0M"]
    assert int(client.session["_auth_user_id"]) == user.pk
    assert AuditEntry.objects.filter(action="account.registered", actor=user).count() == 1


def test_register_organization_success_message_shows_on_next_page(client):
    response = client.post(reverse("accounts:register_organization"), organization_post())

    stored = [str(message) for message in response.wsgi_request._messages]
    assert len(stored) == 1
    assert "注册成功" in stored[0]


def test_register_organization_credit_code_with_spaces_and_lower_case_is_stored_compact(client):
    spaced = " ".join([CREDIT_CODE[:8], CREDIT_CODE[8:]]).lower()

    client.post(reverse("accounts:register_organization"), organization_post(credit_code=spaced))

    assert OrganizationProfile.objects.get().credit_code == CREDIT_CODE


def _wrong_check_character(code):
    return code[:-1] + ("1" if code[-1] != "1" else "2")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"credit_code": _wrong_check_character(CREDIT_CODE)}, "credit_code", "统一社会信用代码的校验码(第18位"),
        ({"credit_code": CREDIT_CODE[:-2]}, "credit_code", "统一社会信用代码应为18位(当前16位)"),
        ({"credit_code": "9137160OMA0000001X"}, "credit_code", "统一社会信用代码第8位“O”不允许"),
        ({"registration_date": "2999-01-01"}, "registration_date", "注册登记日期不能晚于今天"),
        ({"password2": PASSWORD + "x"}, "password2", "两次输入的密码不一致"),
        ({"password1": "12345678", "password2": "12345678"}, "password2", "密码"),
        ({"district": "jinan"}, "district", "选择一个有效的选项"),
        ({"certifications-0-valid_until": "2001-01-01"}, None, "有效期至不能早于有效期起"),
        (
            {
                "certifications-0-kind": "",
                "certifications-0-standard": "",
                "certifications-0-number": "",
                "certifications-0-issuer": "",
                "certifications-0-valid_from": "",
                "certifications-0-valid_until": "",
            },
            None,
            "请至少填写一项管理体系认证",
        ),
    ],
    ids=[
        "bad-checksum",
        "too-short",
        "letter-in-first-eight",
        "future-registration-date",
        "mismatched-passwords",
        "numeric-password",
        "district-outside-binzhou",
        "certificate-ends-before-it-starts",
        "no-certificate",
    ],
)
def test_register_organization_invalid_input_shows_error_and_stores_nothing(
    client, overrides, field, message
):
    before = database_counts()

    response = client.post(reverse("accounts:register_organization"), organization_post(**overrides))

    assert response.status_code == 200
    assert message in response.content.decode()
    if field is not None:
        form = (
            response.context["account_form"]
            if field.startswith("password")
            else response.context["profile_form"]
        )
        assert field in form.errors
    assert database_counts() == before
    assert "_auth_user_id" not in client.session


GENERIC_REFUSAL = "注册未能完成。如果您或您的单位已经注册过,请用原账号登录(忘记账号请联系领导小组办公室);否则请换一个用户名后重试。"


def _refusals(response):
    """Every error the page shows, by form and field: a taken identifier must not be named in any of them."""
    return {(name, field): list(errors) for name in ("account_form", "profile_form")
            for field, errors in response.context[name].errors.items()}


def test_register_organization_duplicate_credit_code_is_refused_without_saying_so(client):
    # Issue 11: the refusal does not tell anyone that the credit code is registered.
    OrganizationFactory(credit_code=CREDIT_CODE)
    before = database_counts()

    response = client.post(reverse("accounts:register_organization"), organization_post())

    assert response.status_code == 200
    assert _refusals(response) == {("profile_form", "__all__"): [GENERIC_REFUSAL]}
    assert "已注册" not in response.content.decode()
    assert database_counts() == before


def test_register_organization_duplicate_username_gets_the_same_refusal(client):
    OrganizationFactory(user__username="binzhou-textile")
    before = database_counts()

    response = client.post(
        reverse("accounts:register_organization"), organization_post(username="Binzhou-Textile")
    )

    assert _refusals(response) == {("profile_form", "__all__"): [GENERIC_REFUSAL]}
    assert database_counts() == before


def test_organization_register_bad_certificate_rolls_back_user_and_profile():
    today = timezone.localdate()
    before = database_counts()
    bad_certificate = {
        "kind": "gbt19001",
        "standard": "",
        "number": "X-1",
        "issuer": "某认证机构",
        "valid_from": today,
        "valid_until": today - datetime.timedelta(days=1),
    }

    with pytest.raises(ValidationError):
        organization_register(
            username="rollback",
            password=PASSWORD,
            email="r@example.com",
            profile_data={
                "name": "回滚测试公司",
                "credit_code": CREDIT_CODE,
                "registration_date": datetime.date(2010, 1, 1),
                "district": "bincheng",
                "sector": "secondary",
                "size": "small",
                "contact_name": "李",
                "contact_phone": "1",
            },
            certifications=[bad_certificate],
        )

    assert database_counts() == before


def test_organization_register_duplicate_code_in_service_raises_the_generic_refusal():
    # The service compacts the code before comparing (lower case is the same code); issue 11: generic refusal.
    OrganizationFactory(credit_code=CREDIT_CODE)

    with pytest.raises(ValidationError) as raised:
        organization_register(
            username="second",
            password=PASSWORD,
            email="s@example.com",
            profile_data={"name": "第二家", "credit_code": CREDIT_CODE.lower()},
            certifications=[{"number": "1"}],
        )

    assert (raised.value.code, raised.value.messages) == ("taken", [GENERIC_REFUSAL])
    assert not User.objects.filter(username="second").exists()


# --- individuals -----------------------------------------------------------------------------------------------


def test_register_individual_valid_creates_account_and_profile_and_logs_in(client):
    response = client.post(reverse("accounts:register_individual"), individual_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    user = User.objects.get(username="zhang-quality")
    assert (user.role, user.full_name) == (Role.INDIVIDUAL, "张质量")
    assert user.individual.id_number == ID_NUMBER
    assert user.individual.quality_work_since == datetime.date(2012, 9, 1)
    assert int(client.session["_auth_user_id"]) == user.pk
    assert AuditEntry.objects.filter(action="account.registered", actor=user).count() == 1


def test_register_individual_lower_case_x_is_stored_upper_case(client):
    with_x = next(number for number in map(id_number_sequence, range(1000, 1100)) if number.endswith("X"))

    client.post(reverse("accounts:register_individual"), individual_post(id_number=with_x.lower()))

    assert IndividualProfile.objects.get().id_number == with_x


def test_register_individual_employer_credit_code_is_checked_when_given(client):
    client.post(
        reverse("accounts:register_individual"), individual_post(employer_credit_code=CREDIT_CODE.lower())
    )

    assert IndividualProfile.objects.get().employer_credit_code == CREDIT_CODE


def _wrong_id_check(number):
    return number[:-1] + ("1" if number[-1] != "1" else "2")


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": _wrong_id_check(ID_NUMBER)}, "id_number", "居民身份证号码的校验码(第18位"),
        ({"id_number": valid_id_number("37232119801345001")}, "id_number", "出生日期不存在或不合理"),
        ({"id_number": valid_id_number("37232129990101001")}, "id_number", "出生日期不存在或不合理"),
        ({"id_number": ID_NUMBER[:15]}, "id_number", "居民身份证号码应为18位(当前15位)"),
        (
            {"employer_credit_code": _wrong_check_character(CREDIT_CODE)},
            "employer_credit_code",
            "与前17位不符",
        ),
        ({"quality_work_since": "2999-01-01"}, "quality_work_since", "起始日期不能晚于今天"),
        ({"password2": "another-password-1"}, "password2", "两次输入的密码不一致"),
        ({"email": "not-an-address"}, "email", "Email 地址"),
    ],
    ids=[
        "bad-checksum",
        "impossible-birth-date",
        "birth-date-in-future",
        "too-short",
        "bad-employer-code",
        "future-quality-work",
        "mismatched-passwords",
        "bad-email",
    ],
)
def test_register_individual_invalid_input_shows_error_and_stores_nothing(client, overrides, field, message):
    before = database_counts()

    response = client.post(reverse("accounts:register_individual"), individual_post(**overrides))

    assert response.status_code == 200
    form = (
        response.context["account_form"]
        if field in ("password2", "email")
        else response.context["profile_form"]
    )
    assert field in form.errors
    assert message in " ".join(form.errors[field])
    assert database_counts() == before


def test_register_individual_duplicate_id_number_is_refused_without_saying_so(client):
    # Issue 11: the same refusal as for a taken username; the ID number is not named.
    IndividualFactory(id_number=ID_NUMBER)
    before = database_counts()

    response = client.post(reverse("accounts:register_individual"), individual_post())

    assert _refusals(response) == {("profile_form", "__all__"): [GENERIC_REFUSAL]}
    assert database_counts() == before


def test_individual_register_service_rejects_bad_checksum_without_a_form():
    with pytest.raises(ValidationError) as raised:
        individual_register(
            username="direct",
            password=PASSWORD,
            email="d@example.com",
            profile_data={"name": "直接调用", "id_number": _wrong_id_check(ID_NUMBER)},
        )

    assert list(raised.value.message_dict) == ["id_number"]
    assert not User.objects.filter(username="direct").exists()


# --- pages and who may see them --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url_name", ["accounts:register", "accounts:register_organization", "accounts:register_individual"]
)
def test_registration_pages_anonymous_get_shows_form(client, url_name):
    response = client.get(reverse(url_name))

    assert response.status_code == 200
    assert response.templates[0].name.startswith("accounts/registration/")


def test_registration_choice_page_links_both_forms(client):
    content = client.get(reverse("accounts:register")).content.decode()

    assert reverse("accounts:register_organization") in content
    assert reverse("accounts:register_individual") in content


def test_registration_organization_page_explains_art16_flags(client):
    content = client.get(reverse("accounts:register_organization")).content.decode()

    # Art. 16: encouraged applicants are a tie-breaker, not points; the form says so.
    assert content.count("不加分") == 5


@pytest.mark.parametrize(
    "url_name", ["accounts:register", "accounts:register_organization", "accounts:register_individual"]
)
def test_registration_pages_logged_in_user_is_sent_to_dashboard(client, url_name):
    client.force_login(OfficeUserFactory())
    before = database_counts()

    response = client.post(reverse(url_name), organization_post())

    assert response.status_code == 302
    assert response["Location"] == reverse("accounts:dashboard")
    assert database_counts() == before
