"""The browser set-up itself: Debian's chromium opens a page served by the live server, in Chinese."""
from playwright.sync_api import expect


def test_admin_login_page_renders_in_chinese(page, live_server, transactional_db):
    page.goto(f"{live_server.url}/admin/login/")

    expect(page).to_have_title("登录 | Django 站点管理员")
    expect(page.locator("label[for=id_password]")).to_have_text("密码:")
    expect(page.locator("input[type=submit]")).to_have_value("登录")
