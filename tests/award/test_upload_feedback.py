"""Issue 10 point 9: upload messages beside the upload field, a warning for a duplicate file (same SHA-256),
only the evidence kinds that fit the applicant, and the signer's default name."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from award.models import Evidence, EvidenceKind
from tests.factories.award import application_in_state, png_upload

pytestmark = pytest.mark.django_db


def _upload(client, application, **fields):
    return client.post(reverse("award:evidence_upload", kwargs={"pk": application.pk}), fields, follow=True)


def _beside_field(body):
    """The text of the messages inside the upload form, and whether any are in the page's top box."""
    form = body[body.index('enctype="multipart/form-data"'):]
    form = form[:form.index("</form>")]
    top = body[:body.index("<main")] if "<main" in body else ""
    return form, top


def test_refused_upload_message_is_beside_the_upload_field(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    fake = SimpleUploadedFile("年报.pdf", "这不是 PDF".encode(), content_type="application/pdf")

    response = _upload(client, application, kind="financial", file=fake)

    body = response.content.decode()
    form, _top = _beside_field(body)
    assert response.redirect_chain[-1][0].endswith("#evidence")
    assert "文件未上传" in form
    assert body.count("文件未上传") == 1


def test_duplicate_file_is_stored_with_a_warning_naming_the_first(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    first = png_upload("照片.png")
    _upload(client, application, kind="quality", file=first)

    response = _upload(client, application, kind="honor", file=png_upload("照片副本.png"))

    form, _top = _beside_field(response.content.decode())
    copies = Evidence.objects.filter(application=application, original_name__in=["照片.png", "照片副本.png"])
    assert len({e.sha256 for e in copies}) == 1 and copies.count() == 2
    assert "“照片副本.png”与已上传的“照片.png”内容完全相同(SHA-256 相同)" in form


def test_different_file_gets_no_duplicate_warning(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    response = _upload(client, application, kind="quality", file=png_upload("照片.png"))

    assert "内容完全相同" not in response.content.decode()


@pytest.mark.parametrize(("kind", "offered", "not_offered"), [
    ("individual", "identity", "license"), ("organization", "license", "identity"),
], ids=["individual", "organization"])
def test_upload_form_offers_only_fitting_kinds(client, kind, offered, not_offered):
    application = application_in_state("draft", kind=kind)
    client.force_login(application.applicant)

    body = client.get(reverse("award:application_edit", kwargs={"pk": application.pk})).content.decode()

    assert f'<option value="{offered}"' in body
    assert f'<option value="{not_offered}"' not in body


def test_individual_cannot_upload_a_business_licence(client):
    application = application_in_state("draft", kind="individual")
    client.force_login(application.applicant)
    before = application.evidence.count()

    response = _upload(client, application, kind="license", file=png_upload())

    assert application.evidence.count() == before
    assert "文件未上传" in response.content.decode()


def test_evidence_kinds_for_individuals_leave_out_organization_papers():
    assert set(EvidenceKind.for_kind("individual")) & {
        EvidenceKind.LICENSE, EvidenceKind.CERTIFICATION, EvidenceKind.FINANCIAL} == set()


def test_signer_defaults_to_the_contact_person(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)

    page = client.get(reverse("award:application_submit", kwargs={"pk": application.pk}))

    assert page.context["form"]["signed_name"].value() == application.organization.contact_name
    assert application.organization.contact_name != application.applicant.full_name


def test_individual_signer_defaults_to_the_person(client):
    application = application_in_state("draft", kind="individual")
    client.force_login(application.applicant)

    page = client.get(reverse("award:application_submit", kwargs={"pk": application.pk}))

    assert page.context["form"]["signed_name"].value() == application.applicant.full_name
