"""The printable dossier (申报书, issue 10 point 7): its PDF text read back with pdftotext, the fingerprint on every
page, the fingerprint's stability, the render task's idempotence, who may download, the cycle zip, the check page."""
import datetime
import io
import shutil
import subprocess
import zipfile

import pytest
from django.urls import reverse
from django.utils import timezone

from accounts.models import AuditEntry
from award import dossier as dossier_module
from award import services
from award.models import Dossier, DossierState
from award.services.dossier import dossier_current
from award.tasks import task_render_dossier
from tests.factories.accounts import OrganizationUserFactory, RecommenderUserFactory, UserFactory
from tests.factories.award import DECLARATIONS, CycleFactory, application_in_state

pytestmark = pytest.mark.django_db
needs_pdftotext = pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")


@pytest.fixture
def submitted(settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    return application_in_state("endorsed")


def _rendered(application):
    dossier = dossier_current(application)
    task_render_dossier.apply(kwargs={"dossier_id": dossier.pk})
    dossier.refresh_from_db()
    return dossier


def _pages_text(pdf_bytes, tmp_path):
    path = tmp_path / "dossier.pdf"
    path.write_bytes(pdf_bytes)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    return [
        subprocess.run(["pdftotext", "-f", str(n), "-l", str(n), "-layout", str(path), "-"],
                       capture_output=True, text=True, check=True).stdout
        for n in range(1, pages + 1)
    ]


def _pdf(dossier):
    with dossier.pdf.open("rb") as handle:
        return handle.read()


def test_submission_writes_the_dossier_snapshot_with_its_fingerprint(submitted):
    dossier = dossier_current(submitted)

    assert dossier.submitted_at == submitted.submitted_at
    assert dossier.fingerprint == dossier_module.fingerprint_of(dossier_module.dossier_payload(submitted))
    assert dossier.payload["evidence"][0]["sha256"] == submitted.evidence.get().sha256


@needs_pdftotext
def test_dossier_pdf_text_has_cover_categories_evidence_hashes_and_the_fingerprint_on_each_page(
    submitted, tmp_path
):
    dossier = _rendered(submitted)
    pages = _pages_text(_pdf(dossier), tmp_path)
    text = "\n".join(pages)

    assert dossier.state == DossierState.RENDERED
    assert len(pages) >= 2
    cover = pages[0]
    for field in ("申报书", f"第{submitted.cycle.number}届滨州市市长质量奖", submitted.applicant_name,
                  submitted.recommender.name, submitted.reference, "提交日期"):
        assert field in cover, field
    assert timezone.localtime(submitted.submitted_at).strftime("%Y年%-m月%-d日") in cover
    for assessment in submitted.self_assessments.select_related("category"):
        assert assessment.category.name in text
    for evidence in submitted.evidence.all():
        assert evidence.sha256 in text and evidence.original_name in text
    assert "签字" in text and "盖章" in text and "日期" in text
    for number, page in enumerate(pages, start=1):
        assert dossier.fingerprint in page, f"page {number} has no fingerprint"


def test_fingerprint_is_stable_for_the_same_submission_and_changes_after_a_correction(submitted):
    first = dossier_current(submitted)
    again = dossier_module.fingerprint_of(dossier_module.dossier_payload(submitted))
    assert again == first.fingerprint
    office = submitted.office_user
    # Art. 19(二): the office returns it for correction; the applicant corrects a figure and resubmits.
    services.qualification_decide(
        application=submitted, decision="return", reasons="补充数据", by=office,
        criteria=[{"code": "materials", "article": "第十九条(一)", "label": "材料", "passed": True}],
        deadline=timezone.localdate() + datetime.timedelta(days=5),
    )
    submitted.refresh_from_db()
    figure = submitted.year_figures.first()
    figure.revenue = 2345
    figure.save()
    services.application_submit(application=submitted, signed_name="签署人", declarations=DECLARATIONS,
                                by=submitted.applicant)
    submitted.refresh_from_db()
    second = dossier_current(submitted)

    assert second.pk != first.pk and second.fingerprint != first.fingerprint
    assert Dossier.objects.filter(application=submitted).count() == 2


def test_a_profile_edited_after_submission_does_not_change_the_dossier(submitted):
    first = dossier_current(submitted)
    submitted.organization.address = "新地址 1 号"
    submitted.organization.save()

    assert dossier_current(submitted).fingerprint == first.fingerprint
    live = dossier_module.dossier_payload(submitted)
    assert dossier_module.payload_differences(first.payload, live) == ["profile"]


def test_render_task_renders_exactly_once_across_a_retry(submitted, monkeypatch):
    dossier = dossier_current(submitted)
    real = dossier_module.dossier_pdf
    calls = {"n": 0}

    def flaky(row):
        calls["n"] += 1
        if calls["n"] == 1:
            raise OSError("disk busy")  # transient: the task retries
        return real(row)

    monkeypatch.setattr(dossier_module, "dossier_pdf", flaky)
    result = task_render_dossier.apply(kwargs={"dossier_id": dossier.pk}, throw=False)
    task_render_dossier.apply(kwargs={"dossier_id": dossier.pk})  # a duplicated delivery
    dossier.refresh_from_db()

    assert (calls["n"], result.state, result.result) == (2, "SUCCESS", dossier.fingerprint)
    assert AuditEntry.objects.filter(action="dossier.rendered", object_id=str(dossier.pk)).count() == 1
    assert task_render_dossier.apply(kwargs={"dossier_id": 999_999}).result is None


def test_download_for_applicant_recommender_and_office_only(client, submitted):
    _rendered(submitted)
    url = reverse("award:dossier_download", kwargs={"pk": submitted.pk})

    for allowed in (submitted.applicant, submitted.recommender_user, submitted.office_user):
        client.force_login(allowed)
        response = client.get(url)
        assert response.status_code == 200, allowed.role
        assert b"".join(response.streaming_content).startswith(b"%PDF")
    for refused in (OrganizationUserFactory(), RecommenderUserFactory(), UserFactory(role="expert"),
                    UserFactory(role="supervisor")):
        client.force_login(refused)
        assert client.get(url).status_code == 403, refused.role
    client.logout()
    response = client.get(url)
    assert response.status_code == 302 and "login" in response.url
    assert AuditEntry.objects.filter(action="dossier.downloaded").count() == 3


def test_no_dossier_before_submission_or_during_correction(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    draft = application_in_state("draft")
    client.force_login(draft.applicant)

    response = client.get(reverse("award:dossier_download", kwargs={"pk": draft.pk}))

    assert response.status_code == 403
    assert "申报书只在申报提交后" in response.content.decode()


def test_pending_dossier_says_so_and_the_page_links_the_download(client, submitted):
    client.force_login(submitted.applicant)
    detail = client.get(reverse("award:application_detail", kwargs={"pk": submitted.pk})).content.decode()
    assert reverse("award:dossier_download", kwargs={"pk": submitted.pk}) in detail

    response = client.get(reverse("award:dossier_download", kwargs={"pk": submitted.pk}), follow=True)

    assert "申报书正在生成" in response.content.decode()


def test_cycle_zip_has_one_pdf_per_submitted_application_and_a_manifest(client, settings, tmp_path):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    cycle = CycleFactory()
    applications = [application_in_state(state, cycle=cycle) for state in ("submitted", "endorsed", "qualified")]
    application_in_state("draft", cycle=cycle)
    office = applications[0].office_user
    client.force_login(office)
    url = reverse("award:cycle_dossiers_zip", kwargs={"pk": cycle.pk})

    waiting = client.get(url)
    assert waiting["Content-Type"].startswith("text/html") and "仍在生成" in waiting.content.decode()

    dossiers = [_rendered(application) for application in applications]
    response = client.get(url)
    archive = zipfile.ZipFile(io.BytesIO(b"".join(response.streaming_content)))
    names = sorted(archive.namelist())
    manifest = archive.read("manifest.csv").decode("utf-8-sig")

    assert names == sorted([f"{a.reference}-dossier.pdf" for a in applications] + ["manifest.csv"])
    assert all(archive.read(f"{a.reference}-dossier.pdf").startswith(b"%PDF") for a in applications)
    for application, dossier in zip(applications, dossiers, strict=True):
        assert application.reference in manifest and application.applicant_name in manifest
        assert dossier.fingerprint in manifest
    client.force_login(applications[0].applicant)
    assert client.get(url).status_code == 403


def test_check_page_tells_the_public_only_the_cycle_and_the_office_the_application(client, submitted):
    dossier = dossier_current(submitted)
    url = reverse("award:dossier_check") + f"?fp={dossier.fingerprint}"

    public = client.get(url).content.decode()
    assert f"第{submitted.cycle.number}届" in public and 'data-status="latest"' in public
    assert submitted.applicant_name not in public and submitted.reference not in public

    client.force_login(submitted.office_user)
    office = client.get(url).content.decode()
    assert submitted.applicant_name in office and 'data-status="current"' in office

    submitted.organization.address = "新地址 1 号"
    submitted.organization.save()
    changed = client.get(url).content.decode()
    assert 'data-status="changed"' in changed and "基本情况" in changed


def test_check_page_refuses_a_malformed_fingerprint_and_reports_an_unknown_one(client):
    bad = client.get(reverse("award:dossier_check") + "?fp=xyz")
    unknown = client.get(reverse("award:dossier_check") + "?fp=" + "0" * 64)

    assert bad.status_code == 200 and "64 位十六进制" in bad.content.decode()
    assert 'data-status="unknown"' in unknown.content.decode()


def test_submission_queues_the_rendering_after_commit(settings, tmp_path, django_capture_on_commit_callbacks):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    with django_capture_on_commit_callbacks(execute=True):
        application = application_in_state("submitted")

    dossier = dossier_current(application)
    assert dossier.state == DossierState.RENDERED and dossier.relayed_at is not None
    assert _pdf(dossier).startswith(b"%PDF")


@needs_pdftotext
def test_an_individuals_dossier_masks_the_id_number_and_keeps_the_fingerprint_on_every_page(
    settings, tmp_path
):
    settings.PRIVATE_MEDIA_ROOT = tmp_path
    application = application_in_state("submitted", kind="individual")
    dossier = _rendered(application)
    pages = _pages_text(_pdf(dossier), tmp_path)
    id_number = application.individual.id_number

    assert id_number not in "\n".join(pages)
    assert f"{id_number[:6]}********{id_number[-4:]}" in "\n".join(pages)
    assert dossier.payload["profile"]["id_number"] == id_number  # the fingerprint still covers the full number
    assert all(dossier.fingerprint in page for page in pages)
