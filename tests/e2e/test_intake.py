"""Issue 2 end to end in Debian's chromium: an organization registers, applies with an upload, its recommender
endorses, the office qualifies it and publishes the qualified list, and the public notice shows the right end date."""
import datetime
import io

import chinese_calendar
import pytest
from django.utils import timezone
from pypdf import PdfWriter

from accounts.models import OrganizationProfile
from award.models import ApplicationState, CalendarYear, Notice
from tests.factories.accounts import PASSWORD, OfficeUserFactory, RecommenderUserFactory, credit_code_sequence
from tests.factories.award import CycleFactory


def _expected_end(start, days):
    """Counted here independently of award.workdays: the State Council's calendar where the library knows it."""
    day, counted = start, 0
    while True:
        try:
            working = chinese_calendar.is_workday(day)
        except NotImplementedError:
            working = day.weekday() < 5
        counted += working
        if counted == days:
            return day
        day += datetime.timedelta(days=1)


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def _confirm(page):
    """SPEC §16: an irreversible step asks once more; the user reads what will happen and confirms."""
    page.locator(".confirm-card").wait_for()
    page.locator("form.actions button.btn-primary").click()


def _logout(page):
    page.click("form.logout button")


@pytest.fixture
def pdf_file(tmp_path):
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = io.BytesIO()
    writer.write(buffer)
    path = tmp_path / "营业执照.pdf"
    path.write_bytes(buffer.getvalue())
    return path


def test_organization_applies_and_reaches_the_public_qualified_list(page, live_server, transactional_db, pdf_file):
    base = live_server.url
    cycle = CycleFactory(number=9)
    recommender = RecommenderUserFactory(username="rec_e2e", full_name="孙立")
    office = OfficeUserFactory(username="office_e2e")
    today = timezone.localdate()
    if today.year + 1 > 2026:
        CalendarYear.objects.get_or_create(year=today.year + 1, defaults={"source": "测试", "confirmed_by": office})

    # 1. Registration (Art. 15: registered over 5 years, a valid certification)
    page.goto(f"{base}/accounts/register/organization/")
    page.fill("#id_username", "huanghe")
    page.fill("#id_email", "huanghe@example.com")
    page.fill("#id_password1", PASSWORD)
    page.fill("#id_password2", PASSWORD)
    page.fill("#id_name", "滨州黄河智能装备有限公司")
    page.fill("#id_credit_code", credit_code_sequence(777))
    page.fill("#id_registration_date", "2015-03-01")
    page.select_option("#id_district", "bincheng")
    page.select_option("#id_sector", "secondary")
    page.select_option("#id_size", "medium")
    page.fill("#id_contact_name", "王明")
    page.fill("#id_contact_phone", "0543-3160001")
    page.check("#id_has_own_ip")
    page.select_option("#id_certifications-0-kind", "gbt19001")
    page.fill("#id_certifications-0-standard", "GB/T 19001-2016")
    page.fill("#id_certifications-0-number", "00124Q77701")
    page.fill("#id_certifications-0-issuer", "中国质量认证中心")
    page.fill("#id_certifications-0-valid_from", (today - datetime.timedelta(days=300)).isoformat())
    page.fill("#id_certifications-0-valid_until", (today + datetime.timedelta(days=400)).isoformat())
    page.click("main form button[type=submit] >> nth=-1")
    page.wait_for_url(f"{base}/dashboard/")
    assert OrganizationProfile.objects.filter(name="滨州黄河智能装备有限公司").exists()

    # 2. The application form, an upload, the eligibility checks and the signature
    page.get_by_role("button", name="开始申报").click()
    page.select_option("#id_recommender", label=str(recommender.recommender))
    page.fill("#id_summary", "以卓越绩效模式为核心的质量管理体系有效运行。")
    for row in range(3):
        page.fill(f"#id_fig-{row}-revenue", "12000")
        page.fill(f"#id_fig-{row}-quality_indicators", "一次交检合格率 99.6%")
    for row in range(7):
        page.fill(f"#id_sa-{row}-text", "对照标准逐条自评。")
    page.get_by_role("button", name="保存草稿").click()
    assert page.get_by_text("草稿已保存。").is_visible()
    page.select_option("#evidence select[name=kind]", "license")
    page.set_input_files("#evidence input[type=file]", str(pdf_file))
    page.get_by_role("button", name="上传").click()
    assert page.get_by_text("材料已上传。").is_visible()
    page.get_by_role("button", name="保存并核验、提交").click()
    assert page.locator("li.fail").count() == 0
    assert page.get_by_text("第十五条(一)").first.is_visible()
    page.check("#id_declares_truthful")
    page.check("#id_declares_no_major_accident")
    page.check("#id_declares_no_violations")
    page.fill("#id_signed_name", "王明")
    page.get_by_role("button", name="签署并提交").click()
    assert page.get_by_text("申报已提交,表单已锁定。").is_visible()
    application = cycle.applications.get()
    assert application.state == ApplicationState.SUBMITTED
    _logout(page)

    # 3. The recommender endorses (Art. 19(一))
    _login(page, base, "rec_e2e")
    page.goto(f"{base}/recommender/")
    page.get_by_role("link", name="签署推荐意见").click()
    page.get_by_label("同意推荐").check()
    page.fill("#id_opinion", "经核实,材料真实,同意推荐。")
    page.get_by_role("button", name="签署").click()
    _confirm(page)
    assert page.get_by_text("推荐意见已签署。").is_visible()
    _logout(page)

    # 4. The office qualifies it, closes the window and publishes the list (Art. 19(二))
    _login(page, base, "office_e2e")
    page.goto(f"{base}/office/cycles/{cycle.pk}/")
    page.get_by_role("link", name="资格审查", exact=True).click()
    for radio in page.locator("input[type=radio][name^=c_][value=pass]").all():
        radio.check()  # the criteria the office judges from the material (the system's checks come pre-set)
    page.get_by_role("radio", name="符合申报条件", exact=True).check()
    page.fill("#id_reasons", "经逐项审查,符合第十五条规定的申报条件。")
    page.get_by_role("button", name="核对结论").click()
    _confirm(page)
    assert page.get_by_text("资格审查结论已记录并通知申报人。").is_visible()
    page.get_by_role("link", name="调整申报时间").click()
    page.fill("#id_application_closes", (today - datetime.timedelta(days=1)).isoformat())
    page.fill("#id_reason", "按补充公告提前截止")
    page.get_by_role("button", name="保存").click()
    _confirm(page)
    page.get_by_role("button", name="进入下一阶段").click()
    _confirm(page)
    assert page.get_by_text("本届已进入“资格审查”阶段。").is_visible()
    page.get_by_role("link", name="公示资格审查合格名单").click()
    page.fill("#id_starts_on", today.isoformat())
    page.get_by_role("button", name="发布公示").click()
    _confirm(page)
    _logout(page)

    # 5. Anyone reads the notice with its end date (5 working days by the PRC calendar)
    page.goto(f"{base}/notices/")
    page.get_by_role("link", name="资格审查合格名单公示").first.click()
    expected = _expected_end(today, cycle.notice_working_days)
    assert Notice.objects.get().ends_on == expected
    assert page.get_by_test_id("notice-end").inner_text() == f"{expected.year}年{expected.month}月{expected.day}日"
    assert page.get_by_text("滨州黄河智能装备有限公司(组织奖)").is_visible()
