"""The office resets a person's second factor in Debian's chromium (issue 11): from the staff list to the reset
page, a reason, the confirmation page, done; the person then has to enrol again at sign-in. A supervisor finds
failed sign-ins in the audit log."""
from django_otp.oath import totp
from django_otp.plugins.otp_totp.models import TOTPDevice
from playwright.sync_api import expect

from accounts import twofactor
from accounts.models import AuditEntry, Notification
from tests.factories.accounts import PASSWORD, OfficeUserFactory, SupervisorUserFactory
from tests.factories.award import CycleFactory
from tests.factories.supervision import appointed_group

from .conftest import ARTIFACTS


def _password_login(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_office_resets_a_supervisors_lost_authenticator(page, live_server, transactional_db, settings):
    office = OfficeUserFactory(username="office-reset")
    person = SupervisorUserFactory(username="sup-lost-phone", full_name="李监督")
    device = twofactor.enrolment_device(person)
    twofactor.enrolment_confirm(user=person, code=f"{totp(device.bin_key):06d}")
    ARTIFACTS.mkdir(exist_ok=True)

    _password_login(page, live_server.url, office.username)
    page.goto(f"{live_server.url}/accounts/staff/")
    page.locator("tr", has_text="sup-lost-phone").get_by_role("link", name="重置双因素认证").click()
    expect(page.locator("h1")).to_have_text("重置双因素认证")
    expect(page.get_by_text("已绑定")).to_be_visible()
    page.fill("textarea[name=reason]", "本人来电:手机丢失,恢复码已用完;已电话核实身份。")
    page.screenshot(path=str(ARTIFACTS / "twofactor-reset.png"), full_page=True)
    page.get_by_role("button", name="重置双因素认证").click()

    expect(page.get_by_text("不能撤销:")).to_be_visible()
    expect(page.get_by_text("下次登录时,输入密码后须重新绑定身份验证器")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "twofactor-reset-confirm.png"), full_page=True)
    assert TOTPDevice.objects.filter(user=person).exists()
    page.get_by_role("button", name="确认重置").click()

    expect(page.get_by_text("已重置“sup-lost-phone”的双因素认证")).to_be_visible()
    page.screenshot(path=str(ARTIFACTS / "twofactor-reset-done.png"), full_page=True)
    assert not TOTPDevice.objects.filter(user=person).exists()
    assert AuditEntry.objects.filter(action="otp.reset", actor=office, object_id=str(person.pk)).count() == 1
    assert Notification.objects.filter(recipient=person, event="account.otp_reset").count() == 1

    page.get_by_role("button", name="退出").click()
    settings.OTP_REQUIRED = True
    _password_login(page, live_server.url, person.username)
    expect(page.locator("h1")).to_have_text("绑定身份验证器")


def test_supervisor_filters_the_audit_log_for_failed_sign_ins(page, live_server, transactional_db):
    office, member = OfficeUserFactory(username="office-audit"), SupervisorUserFactory(username="sup-audit")
    cycle = CycleFactory()
    appointed_group(cycle=cycle, office=office, users=[member])
    for _ in range(2):
        _password_login(page, live_server.url, "guessed-name", password="wrong-password-1")

    _password_login(page, live_server.url, member.username)
    page.goto(f"{live_server.url}/supervision/cycles/{cycle.pk}/audit/")
    page.select_option("#f-action", "signin.failed")
    page.get_by_role("button", name="筛选").click()

    rows = page.locator("tbody tr", has_text="signin.failed")
    expect(rows).to_have_count(2)
    expect(rows.first).to_contain_text("guessed-name")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "audit-log-signin-failed.png"), full_page=True)
