"""Sign-in in Debian's chromium (issue 11): five wrong passwords bring the lockout page; with OTP_REQUIRED an
office user is sent to enrolment, scans (here: reads the key), confirms a code, sees the recovery codes once and
reaches the dashboard; the next sign-in asks for the code."""
from base64 import b32decode

from django_otp.oath import totp
from playwright.sync_api import expect

from tests.factories.accounts import PASSWORD, OfficeUserFactory

from .conftest import ARTIFACTS


def _password_login(page, base, username, password=PASSWORD):
    page.goto(f"{base}/accounts/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", password)
    page.click("main button[type=submit]")
    page.wait_for_load_state()


def test_five_wrong_passwords_show_the_lockout_page(page, live_server, transactional_db):
    office = OfficeUserFactory(username="office-typo")
    for _ in range(5):
        _password_login(page, live_server.url, office.username, "wrong-password")

    expect(page.locator("h1")).to_have_text("登录暂时受限")
    expect(page.get_by_text("以后再试")).to_be_visible()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signin-lockout.png"), full_page=True)

    _password_login(page, live_server.url, office.username)
    expect(page.locator("h1")).to_have_text("登录暂时受限")


def test_office_user_enrols_an_authenticator_and_signs_in_with_it(page, live_server, transactional_db, settings):
    settings.OTP_REQUIRED = True
    office = OfficeUserFactory(username="office-otp")

    _password_login(page, live_server.url, office.username)
    expect(page.locator("h1")).to_have_text("绑定身份验证器")
    qr = page.locator(".otp-qr img")
    expect(qr).to_be_visible()
    assert qr.evaluate("img => img.complete && img.naturalWidth > 0")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "signin-enrol.png"), full_page=True)

    key = b32decode(page.locator(".otp-key code").inner_text().replace(" ", ""))
    page.fill("input[name=code]", f"{totp(key):06d}")
    page.get_by_role("button", name="确认绑定").click()
    expect(page.locator("h1")).to_have_text("请保存您的恢复码")
    expect(page.locator(".recovery-codes li")).to_have_count(10)
    page.screenshot(path=str(ARTIFACTS / "signin-recovery-codes.png"), full_page=True)
    recovery = page.locator(".recovery-codes code").first.inner_text()

    page.get_by_role("link", name="我已保存,继续").click()
    expect(page.get_by_role("button", name="退出")).to_be_visible()
    page.get_by_role("button", name="退出").click()

    _password_login(page, live_server.url, office.username)
    expect(page.locator("h1")).to_have_text("输入验证码")
    page.screenshot(path=str(ARTIFACTS / "signin-verify.png"), full_page=True)
    page.fill("input[name=code]", recovery)
    page.get_by_role("button", name="验证并登录").click()
    expect(page.get_by_text("您使用了一个恢复码")).to_be_visible()
