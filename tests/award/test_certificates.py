"""Certificates (Art. 19(八), SPEC §10–11): the PDF in Chinese with an embedded CJK font, its number, the task's
idempotence, and the winner hearing of it exactly once."""
import hashlib
import io
import shutil
import subprocess

import pytest
from django.urls import reverse
from pypdf import PdfReader

from accounts.models import Notification
from accounts.outbox import outbox_relay
from award import certificates as certificate_module
from award.models import Certificate, CertificateState
from award.services.certificate import CERTIFICATES
from award.tasks import task_render_certificate
from tests.factories.accounts import OrganizationUserFactory
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db


@pytest.fixture
def certificate():
    _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    return certificates[0]


def _pdf_bytes(certificate):
    certificate.refresh_from_db()
    with certificate.pdf.open("rb") as handle:
        return handle.read()


def test_certificate_pdf_contains_the_winners_chinese_name_and_number(certificate):
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})

    data = _pdf_bytes(certificate)
    text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)
    assert certificate.state == CertificateState.RENDERED
    assert certificate.award.recipient_name in text.replace("\n", "")
    assert certificate.number in text
    assert "荣誉证书" in text.replace(" ", "").replace("\n", "")
    assert certificate.sha256 == hashlib.sha256(data).hexdigest()


def test_certificate_pdf_is_a4_landscape_with_an_embedded_cjk_font(certificate, tmp_path):
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    data = _pdf_bytes(certificate)
    path = tmp_path / "certificate.pdf"
    path.write_bytes(data)

    fonts = subprocess.run([shutil.which("pdffonts"), str(path)], capture_output=True, text=True, check=True).stdout
    box = PdfReader(io.BytesIO(data)).pages[0].mediabox

    assert "Noto-Serif-CJK-SC" in fonts
    assert all(line.split()[-5] == "yes" for line in fonts.splitlines()[2:])  # every font embedded
    assert (round(float(box.width)), round(float(box.height))) == (842, 595)


def test_certificate_qr_code_points_to_the_verification_page(certificate):
    url = certificate_module.verification_url(certificate.number)

    assert url.endswith(f"{reverse('award:verify')}?number={certificate.number}")
    assert "<svg" in certificate_module.qr_svg(url)


def test_certificate_task_renders_once_and_notifies_once_across_a_retry(
    certificate, monkeypatch, django_capture_on_commit_callbacks, mailoutbox
):
    real = certificate_module.certificate_pdf
    calls = {"n": 0}

    def flaky(cert):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk busy")  # transient: the task retries
        return real(cert)

    monkeypatch.setattr(certificate_module, "certificate_pdf", flaky)
    mailoutbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        # throw=False: let Celery handle the Retry as a worker would, running the retry (eagerly) at once.
        result = task_render_certificate.apply(kwargs={"certificate_id": certificate.pk}, throw=False)
        task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})  # a duplicated delivery

    certificate.refresh_from_db()
    ready = Notification.objects.filter(event="certificate.ready")
    assert (calls["n"], result.state, result.result) == (2, "SUCCESS", certificate.number)
    assert certificate.state == CertificateState.RENDERED
    assert ready.count() == 1
    assert [m.subject for m in mailoutbox] == [f"【滨州市市长质量奖】{ready.get().subject}"]


def test_certificate_task_is_quiet_when_the_row_is_gone():
    assert task_render_certificate.apply(kwargs={"certificate_id": 999_999}).result is None


def test_awards_grant_queues_the_rendering_after_commit(django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)

    assert Certificate.objects.get(pk=certificates[0].pk).state == CertificateState.RENDERED


def test_certificate_download_for_the_winner_only(client, certificate):
    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    url = reverse("award:certificate_download", kwargs={"pk": certificate.pk})

    client.force_login(OrganizationUserFactory())
    stranger = client.get(url)
    client.force_login(certificate.award.application.applicant)
    winner = client.get(url)

    assert stranger.status_code == 403
    assert (winner.status_code, winner["Content-Type"]) == (200, "application/pdf")
    assert b"".join(winner.streaming_content).startswith(b"%PDF")


def test_pending_certificates_are_rendered_when_the_hand_off_was_lost(certificate):
    # The on-commit hand-off never ran (as when Redis is down at the award); the beat task catches up.
    assert Certificate.objects.get(pk=certificate.pk).state == CertificateState.PENDING

    queued = outbox_relay(CERTIFICATES)  # what the beat's task_relay_outbox runs

    certificate.refresh_from_db()
    assert (queued, certificate.state) == (1, CertificateState.RENDERED)
