"""Art. 24: revocation reaches the certificate. A revoked award's certificate is never downloaded as a clean copy;
the download carries 已撤销, the revocation date and the decision's document number, and the public verification
page and the winners page say the same."""
import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from award.certificates import chinese_date
from award.services.revocation import award_revoke
from award.tasks import task_render_certificate
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db

REFERENCE = "滨政字〔2026〕88号"


@pytest.fixture
def revoked():
    """A rendered certificate whose award the government revoked today; returns (certificate, office)."""
    _cycle, office, certificates = awarded_cycle(organizations=1, individuals=0)
    certificate = certificates[0]
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    award_revoke(award=certificate.award, revoked_on=timezone.localdate(), reference=REFERENCE, by=office)
    certificate.refresh_from_db()
    certificate.award.refresh_from_db()
    return certificate, office


def _pdf_text(data, tmp_path):
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)
    text = subprocess.run([shutil.which("pdftotext"), str(path), "-"], capture_output=True, text=True,
                          check=True).stdout
    return "".join(text.split())


def _download(client, user, certificate):
    client.force_login(user)
    response = client.get(reverse("award:certificate_download", kwargs={"pk": certificate.pk}))
    return response, b"".join(response.streaming_content) if response.status_code == 200 else b""


def _cn(day):
    return f"{day.year}年{day.month}月{day.day}日"


def test_revoked_certificate_download_is_stamped_with_the_date_and_reference(client, revoked, tmp_path):
    # Art. 24: the winner's download now says 已撤销, when, and under which decision.
    certificate, _office = revoked

    response, data = _download(client, certificate.award.application.applicant, certificate)
    text = _pdf_text(data, tmp_path)

    assert (response.status_code, response["Content-Type"]) == (200, "application/pdf")
    assert f"{certificate.number}-revoked.pdf" in response["Content-Disposition"]
    assert "已撤销" in text
    assert chinese_date(certificate.award.revoked_on) in text
    assert REFERENCE in text
    assert certificate.number in text


def test_revoked_certificate_download_by_the_office_is_stamped_too(client, revoked, tmp_path):
    # Art. 24: the office's copy is no cleaner than the winner's.
    certificate, office = revoked

    _response, data = _download(client, office, certificate)

    assert "已撤销" in _pdf_text(data, tmp_path)


def test_revoked_certificate_download_is_audited_as_revoked(client, revoked):
    certificate, _office = revoked

    _download(client, certificate.award.application.applicant, certificate)

    entry = AuditEntry.objects.filter(action="certificate.downloaded").get()
    assert entry.detail["revoked"] is True


def test_valid_certificate_download_carries_no_revocation_mark(client, tmp_path):
    _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    certificate = certificates[0]
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})

    _response, data = _download(client, certificate.award.application.applicant, certificate)

    assert "已撤销" not in _pdf_text(data, tmp_path)


def test_winners_page_and_verification_page_agree_on_a_revoked_award(client, revoked):
    # Art. 24, SPEC §10: the public lists and the verification page show the same revocation.
    certificate, _office = revoked
    client.logout()

    winners = client.get(reverse("award:winners")).content.decode()
    verify = client.get(reverse("award:verify"), {"number": certificate.number}).content.decode()

    revoked_text = f"已于{_cn(certificate.award.revoked_on)}撤销"
    assert revoked_text in winners
    assert "已撤销,证书失效" in winners
    assert 'data-status="revoked"' in verify
    assert _cn(certificate.award.revoked_on) in verify
    assert REFERENCE in verify


def test_winners_page_links_each_certificate_to_its_verification(client, revoked):
    certificate, _office = revoked

    winners = client.get(reverse("award:winners")).content.decode()

    assert f'{reverse("award:verify")}?number={certificate.number}' in winners


def test_awards_page_offers_the_stamped_copy_of_a_revoked_certificate(client, revoked):
    certificate, office = revoked
    client.force_login(office)

    page = client.get(reverse("award:cycle_awards", kwargs={"pk": certificate.award.cycle_id})).content.decode()

    assert "下载证书(带撤销标记)" in page

