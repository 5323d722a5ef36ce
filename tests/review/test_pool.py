"""The expert pool (SPEC §6): import with its per-row refusals, one-by-one creation, the invitation, the expert's
self-service profile before the pledge (Art. 12, 26), and the pages' permissions and query counts."""
import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import Workbook, load_workbook

from accounts.models import Notification, Role, User
from review.models import ExpertProfile, PastEmployment, RelativeEmployment, Shareholding
from review.services import pledge_sign
from review.services.common import ReviewError
from review.services.pool import IMPORT_COLUMNS, expert_row_clean, experts_import
from review.spreadsheets import EXAMPLE, import_rows_read, import_template_xlsx
from tests.factories.accounts import UserFactory, credit_code_sequence, id_number_sequence
from tests.factories.review import make_expert, make_panel

pytestmark = pytest.mark.django_db

HEADINGS = [heading for _key, heading in IMPORT_COLUMNS]


def row(n, **overrides):
    data = {
        "full_name": f"专家{n}", "id_number": id_number_sequence(7000 + n), "phone": f"1380543{n:04d}",
        "email": f"expert{n}@example.com", "affiliation": f"滨州学院{n}",
        "affiliation_credit_code": credit_code_sequence(70000 + n), "title": "教授", "sectors": "二产业、三产业",
        "keywords": "质量管理、卓越绩效", "username": "",
    }
    data.update(overrides)
    return data


def xlsx(rows, headings=HEADINGS):
    book = Workbook()
    sheet = book.active
    sheet.append(headings)
    for r in rows:
        sheet.append([r.get(key) for key, _h in IMPORT_COLUMNS])
    out = io.BytesIO()
    book.save(out)
    return SimpleUploadedFile("pool.xlsx", out.getvalue())


def test_import_creates_accounts_with_profiles_and_invitations(agency_user):
    report = experts_import(rows=[row(1), row(2)], by=agency_user)

    assert report.saved is True
    assert [r.outcome for r in report.rows] == ["created", "created"]
    profile = ExpertProfile.objects.get(user__username="13805430001")
    assert (profile.sectors, profile.keywords) == (["secondary", "tertiary"], ["质量管理", "卓越绩效"])
    assert profile.user.role == Role.EXPERT and not profile.user.has_usable_password()
    assert Notification.objects.filter(recipient=profile.user, event="review.expert_invited").count() == 1


def test_import_row_with_known_id_number_updates_that_expert(agency_user):
    experts_import(rows=[row(1)], by=agency_user)

    report = experts_import(rows=[row(1, affiliation="山东大学", title="研究员")], by=agency_user)

    assert [r.outcome for r in report.rows] == ["updated"]
    profile = ExpertProfile.objects.get(id_number=row(1)["id_number"])
    assert (profile.affiliation, profile.title) == ("山东大学", "研究员")
    assert User.objects.filter(role=Role.EXPERT).count() == 1


@pytest.mark.parametrize(
    ("overrides", "reason"),
    [
        ({"full_name": ""}, "请填写姓名"),
        ({"id_number": "372321198005170001"}, "与前17位不符"),
        ({"id_number": "37232119800517"}, "应为18位"),
        ({"phone": "12345"}, "手机号码格式不正确"),
        ({"email": ""}, "请填写电子邮箱"),
        ({"email": "not-an-address"}, "有效的 Email"),
        ({"affiliation": ""}, "请填写工作单位"),
        ({"affiliation_credit_code": "91371600MA00000010"}, "与前17位不符"),
        ({"sectors": "四产业"}, "无法识别"),
        ({"sectors": ""}, "请填写擅长产业"),
        ({"title": "教" * 101}, "内容过长(不超过100字)"),
        ({"keywords": "质量管理、" + "卓" * 21}, "过长(不超过20字)"),
        ({"keywords": "、".join(f"领域{n}" for n in range(13))}, "关键词最多12个"),
    ],
    ids=["no-name", "id-checksum", "id-length", "phone", "no-email", "bad-email", "no-employer", "credit-code",
         "unknown-sector", "no-sector", "long-title", "long-keyword", "too-many-keywords"],
)
def test_import_refused_row_names_its_reason_and_nothing_is_saved(agency_user, overrides, reason):
    report = experts_import(rows=[row(1), row(2, **overrides)], by=agency_user)

    assert report.saved is False
    assert [r.outcome for r in report.rows] == ["created", "refused"]
    assert report.rows[1].number == 3  # the spreadsheet's row number (row 1 holds the headings)
    assert reason in " ".join(report.rows[1].reasons)
    assert not ExpertProfile.objects.exists()  # nothing half-imported
    assert not User.objects.filter(role=Role.EXPERT).exists()


def test_import_duplicate_id_number_in_file_is_refused(agency_user):
    report = experts_import(rows=[row(1), row(2, id_number=row(1)["id_number"])], by=agency_user)

    assert [r.outcome for r in report.rows] == ["created", "refused"]
    assert "与第2行的身份证号码重复" in report.rows[1].reasons[0]
    assert not ExpertProfile.objects.exists()


def test_import_username_taken_by_another_account_is_refused(agency_user):
    UserFactory(username="13805430001")

    report = experts_import(rows=[row(1)], by=agency_user)

    assert report.rows[0].outcome == "refused"
    assert "已被其他账号使用" in report.rows[0].reasons[0]


def test_import_by_an_expert_is_refused():
    with pytest.raises(ReviewError):
        experts_import(rows=[row(1)], by=make_expert())


def test_template_round_trips_and_its_example_row_is_valid():
    rows = import_rows_read(SimpleUploadedFile("t.xlsx", import_template_xlsx()))

    assert load_workbook(io.BytesIO(import_template_xlsx())).active["A1"].value == "姓名"
    assert len(rows) == 1 and rows[0]["full_name"] == EXAMPLE[0]
    assert expert_row_clean(rows[0])[1] == {}


def test_import_page_reports_refused_rows_without_saving(client, agency_user):
    client.force_login(agency_user)

    response = client.post(reverse("review:pool_import"), {"file": xlsx([row(1), row(2, phone="abc")])})

    assert response.status_code == 200
    text = response.content.decode()
    assert "整批未导入" in text and "手机号码格式不正确" in text
    assert not ExpertProfile.objects.exists()


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("pool.xlsx", b"this is not a workbook"), "无法读取该文件"),
        (None, "列名与模板不一致"),
    ],
    ids=["not-xlsx", "wrong-headings"],
)
def test_import_page_bad_file_gets_a_message_not_a_500(client, agency_user, upload, message):
    client.force_login(agency_user)
    upload = upload or xlsx([row(1)], headings=["name", "id"])

    response = client.post(reverse("review:pool_import"), {"file": upload}, follow=True)

    assert response.status_code == 200
    assert message in response.content.decode()
    assert not ExpertProfile.objects.exists()


def test_template_download(client, office):
    client.force_login(office)

    response = client.get(reverse("review:pool_import_template"))

    assert response.status_code == 200
    assert load_workbook(io.BytesIO(response.content)).active["B1"].value == "居民身份证号码"


def test_create_one_expert_and_the_invitation_sets_a_password(client, agency_user):
    client.force_login(agency_user)
    data = row(5) | {"sectors": ["secondary"], "keywords": "食品安全"}

    response = client.post(reverse("review:pool_expert_create"), data)

    assert response.status_code == 302
    expert = User.objects.get(username="13805430005")
    link = Notification.objects.get(recipient=expert, event="review.expert_invited").link
    client.logout()
    page = client.get(link, follow=True)
    set_url = page.redirect_chain[-1][0] if page.redirect_chain else link
    done = client.post(set_url, {"new_password1": "Zhuanjia#2026x", "new_password2": "Zhuanjia#2026x"})
    assert done.status_code == 302
    expert.refresh_from_db()
    assert expert.check_password("Zhuanjia#2026x")
    # the link works once
    assert "链接无效或已使用" in client.get(link, follow=True).content.decode()


def test_create_expert_form_refuses_bad_id_number_next_to_the_field(client, office):
    client.force_login(office)

    response = client.post(reverse("review:pool_expert_create"),
                           row(6, id_number="372321198005170001") | {"sectors": ["secondary"]})

    assert response.status_code == 200
    assert "与前17位不符" in " ".join(response.context["form"].errors["id_number"])
    assert not ExpertProfile.objects.exists()


def _profile_post(**extra):
    data = {
        "affiliation": "滨州学院", "affiliation_credit_code": credit_code_sequence(81001), "title": "教授",
        "sectors": ["secondary"], "keywords": "质量管理、精益生产",
    }
    for prefix in ("employments", "clients", "holdings", "relatives"):
        data |= {f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0"}
    data |= extra
    return data


def test_expert_profile_saves_every_kind_of_declaration_and_confirms(client):
    expert = UserFactory(role=Role.EXPERT)
    client.force_login(expert)

    response = client.post(reverse("review:expert_profile"), _profile_post(**{
        "employments-0-employer": "滨州钢铁", "employments-0-credit_code": credit_code_sequence(81002),
        "employments-0-from_year": "2015", "employments-0-to_year": "2020",
        "holdings-0-company": "渤海化工", "holdings-0-credit_code": credit_code_sequence(81003),
        "relatives-0-relation": "配偶", "relatives-0-employer": "滨化集团",
        "relatives-0-credit_code": credit_code_sequence(81004),
    }))

    assert response.status_code == 302
    profile = ExpertProfile.objects.get(user=expert)
    assert profile.profile_confirmed_at is not None and profile.keywords == ["质量管理", "精益生产"]
    assert PastEmployment.objects.get(expert=profile).employer == "滨州钢铁"
    assert Shareholding.objects.get(expert=profile).until_year is None
    assert RelativeEmployment.objects.get(expert=profile).relation == "配偶"


def test_expert_profile_refuses_invalid_code_next_to_the_field(client):
    expert = UserFactory(role=Role.EXPERT)
    client.force_login(expert)

    response = client.post(reverse("review:expert_profile"), _profile_post(**{
        "clients-0-kind": "consulting", "clients-0-client": "某公司", "clients-0-credit_code": "123",
        "clients-0-year": "2023"}))

    assert response.status_code == 200
    assert "18位" in str(response.context["sections"][1][1].forms[0].errors["credit_code"])
    assert not ExpertProfile.objects.filter(user=expert).exists()


def test_pledge_waits_for_the_confirmed_profile(cycle):
    # Art. 12, 26: the recusal pledge is signed on data the conflict rules can read
    expert = make_expert()
    ExpertProfile.objects.filter(user=expert).update(profile_confirmed_at=None)

    with pytest.raises(ReviewError, match="完善并确认个人资料"):
        pledge_sign(cycle=cycle, expert=expert, signed_name="张三", by=expert)


def test_pledge_page_sends_an_unconfirmed_expert_to_the_profile(client, cycle):
    panel, experts = make_panel(cycle, size=1)
    ExpertProfile.objects.filter(user=experts[0]).update(profile_confirmed_at=None)
    client.force_login(experts[0])

    response = client.get(reverse("review:pledge_sign"))

    assert response.status_code == 302 and response.url == reverse("review:expert_profile")


def test_office_creates_an_expert_account_from_the_staff_form(client, office):
    client.force_login(office)

    client.post(reverse("accounts:staff_create"), {
        "role": Role.EXPERT, "full_name": "王专家", "username": "wang-expert", "email": "w@example.com",
        "password1": "Binzhou-Award-2018x", "password2": "Binzhou-Award-2018x"})

    assert User.objects.get(username="wang-expert").role == Role.EXPERT


@pytest.mark.parametrize("size", [2, 30], ids=["two", "thirty"])
def test_pool_list_query_count(client, office, django_assert_max_num_queries, size):
    for _ in range(size):
        make_expert()
    client.force_login(office)

    with django_assert_max_num_queries(12):
        response = client.get(reverse("review:pool_list"))

    assert response.status_code == 200
    assert len(response.context["page_obj"].object_list) == size


def test_pool_list_filters_by_keyword(client, office):
    found = make_expert()
    ExpertProfile.objects.filter(user=found).update(keywords=["食品安全"])
    make_expert()
    client.force_login(office)

    response = client.get(reverse("review:pool_list"), {"q": "食品"})

    assert [e.pk for e in response.context["page_obj"]] == [found.pk]


def test_pool_pages_refuse_an_agency_user_without_an_agency(client):
    client.force_login(UserFactory(role=Role.AGENCY))

    for name in ("review:pool_list", "review:pool_import", "review:pool_expert_create"):
        assert client.get(reverse(name)).status_code == 403


def test_phone_number_stored_as_a_number_by_excel_is_read(agency_user):
    data, errors = expert_row_clean(row(1, phone=13805430001.0))

    assert errors == {} and data["phone"] == "13805430001"
