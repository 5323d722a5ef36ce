"""Issue 10 point 7 in chromium: the applicant's application page links the dossier, the download arrives as a PDF,
and the check page its QR code opens tells the public only the cycle and the office the application; screenshots
go to test-artifacts/."""
from playwright.sync_api import expect

from award.services.dossier import dossier_current
from award.tasks import task_render_dossier
from tests.e2e.conftest import ARTIFACTS
from tests.factories.accounts import PASSWORD
from tests.factories.award import application_in_state


def _login(page, base, user):
    page.goto(f"{base}/accounts/login/")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main form button[type=submit]")
    page.wait_for_url("**/dashboard/**")


def test_dossier_download_and_check_page(page, live_server, transactional_db, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = application_in_state("endorsed")
    dossier = dossier_current(application)
    task_render_dossier.apply(kwargs={"dossier_id": dossier.pk})
    ARTIFACTS.mkdir(exist_ok=True)

    page.goto(f"{live_server.url}/dossiers/check/?fp={dossier.fingerprint}")
    result = page.get_by_test_id("dossier-check")
    expect(result).to_have_attribute("data-status", "latest")
    expect(page.get_by_text(application.applicant_name)).to_have_count(0)
    page.screenshot(path=str(ARTIFACTS / "dossier-check-public.png"), full_page=True)

    _login(page, live_server.url, application.applicant)
    page.goto(f"{live_server.url}/applications/{application.pk}/")
    link = page.get_by_test_id("dossier-download")
    page.screenshot(path=str(ARTIFACTS / "dossier-application-page.png"))
    with page.expect_download() as download:
        link.click()
    assert download.value.suggested_filename == f"{application.reference}-dossier.pdf"

    page.context.clear_cookies()
    _login(page, live_server.url, application.office_user)
    page.goto(f"{live_server.url}/dossiers/check/?fp={dossier.fingerprint}")
    expect(result).to_have_attribute("data-status", "current")
    expect(result).to_contain_text(application.applicant_name)
    page.screenshot(path=str(ARTIFACTS / "dossier-check-office.png"), full_page=True)
