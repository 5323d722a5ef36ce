"""Issue 10 point 4 in chromium: the profile is re-checked while the applicant types (Art. 15(一)), without saving,
and the application form's submit button is disabled with the failing rule listed until the rule passes."""
import datetime

from django.utils import timezone

from accounts.models import OrganizationProfile
from tests.e2e.conftest import ARTIFACTS
from tests.factories.accounts import PASSWORD
from tests.factories.award import application_in_state


def _login(page, base, username):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")


def test_profile_edit_rechecks_art15_live_and_submit_follows(page, live_server, transactional_db):
    application = application_in_state("draft")
    profile = application.organization
    stored = profile.registration_date
    base = live_server.url
    _login(page, base, application.applicant.username)

    page.goto(f"{base}/accounts/profile/")
    panel = page.locator("[data-eligibility-url]")
    panel.wait_for()  # shown once the first check has answered
    operating = panel.locator("li[data-check=operating_years]")
    assert "pass" in operating.get_attribute("class")

    recent = (timezone.localdate() - datetime.timedelta(days=400)).isoformat()
    page.fill("#id_registration_date", recent)
    page.locator("li.fail[data-check=operating_years]").wait_for()
    assert page.locator("[data-eligibility-blocked]").is_visible()
    assert "注册登记并正常运行满5年" in page.locator("[data-eligibility-failing]").inner_text()
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "live-eligibility-profile-1400.png"), full_page=True)
    assert OrganizationProfile.objects.get(pk=profile.pk).registration_date == stored  # nothing saved

    page.click("main form#profile-form .actions:last-child button.btn-primary")
    page.locator(".messages").wait_for()
    page.goto(f"{base}/applications/{application.pk}/edit/")
    submit = page.locator("button[data-eligibility-submit]")
    assert submit.is_disabled()
    assert page.locator("[data-eligibility-failing]").inner_text().startswith("注册登记并正常运行满5年")

    page.goto(f"{base}/accounts/profile/")
    page.locator("li.fail[data-check=operating_years]").wait_for()
    page.fill("#id_registration_date", stored.isoformat())
    page.locator("li.pass[data-check=operating_years]").wait_for()
    assert page.locator("[data-eligibility-blocked]").is_hidden()


def test_key_figures_are_labelled_on_a_phone(browser, live_server, transactional_db):
    # Issue 10 point 9: at 375 px each key-figure box shows its year and label above it.
    application = application_in_state("draft")
    context = browser.new_context(locale="zh-CN", viewport={"width": 375, "height": 812}, is_mobile=True)
    page = context.new_page()
    _login(page, live_server.url, application.applicant.username)
    page.goto(f"{live_server.url}/applications/{application.pk}/edit/")

    label = page.locator("label[for=id_fig-0-revenue]")
    assert label.is_visible()
    assert "营业收入" in label.inner_text()
    box, input_box = label.bounding_box(), page.locator("#id_fig-0-revenue").bounding_box()
    assert box["y"] < input_box["y"] and box["height"] > 5
    page.locator("table.formset").first.screenshot(path=str(ARTIFACTS / "key-figures-375.png"))
    context.close()
