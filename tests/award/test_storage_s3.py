"""Private files in a private S3 bucket (award/storage.py), against a real S3 server (SeaweedFS, tests/s3server.py).

Several web nodes share no disk, so evidence, certificates and reports must live in the bucket: uploaded through
the checked view, read back only through the permission-checked, audited download views, streamed, and never
reachable by a URL of their own (SPEC §6, §14).
"""
import hashlib
import io
import urllib.error
import urllib.request

import pytest
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfWriter
from pypdf.generic import DecodedStreamObject, NameObject

from accounts.models import AuditEntry
from award.models import Evidence
from award.storage import S3StreamedFile, private_storage
from award.tasks import task_render_certificate
from tests import s3server
from tests.factories.accounts import OrganizationUserFactory
from tests.factories.award import application_in_state
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db


def _keys(bucket):
    response = s3server.client().list_objects_v2(Bucket=bucket)
    return sorted(item["Key"] for item in response.get("Contents", []))


def _object_bytes(bucket, key):
    return s3server.client().get_object(Bucket=bucket, Key=key)["Body"].read()


def _pdf(size):
    """A real PDF of about `size` bytes (a blank page and a filler stream), so the content checks accept it."""
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    page = writer.pages[0]
    filler = DecodedStreamObject()
    filler.set_data(b"% " + b"0123456789abcdef" * (size // 16) + b"\n")  # a comment in the page's content: no attachment, no action
    page[NameObject("/Contents")] = writer._add_object(filler)
    buffer = io.BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def _upload(client, application, data, name="年度报告.pdf"):
    return client.post(
        reverse("award:evidence_upload", kwargs={"pk": application.pk}),
        {"kind": "financial", "description": "", "file": ContentFile(data, name=name)},
    )


def test_evidence_upload_lands_in_the_bucket_and_not_on_the_local_disk(client, s3_bucket, private_media_root):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    data = _pdf(300_000)

    _upload(client, application, data)

    evidence = Evidence.objects.get(application=application, original_name="年度报告.pdf")
    assert evidence.file.name in _keys(s3_bucket)
    assert hashlib.sha256(_object_bytes(s3_bucket, evidence.file.name)).hexdigest() == evidence.sha256
    assert list(private_media_root.iterdir()) == []


def test_evidence_download_streams_the_object_through_the_audited_view(client, s3_bucket):
    # SPEC §6, §14: the only way to the file is the permission-checked view, and the view is audited.
    application = application_in_state("draft")
    client.force_login(application.applicant)
    data = _pdf(1_200_000)
    _upload(client, application, data)
    evidence = Evidence.objects.get(application=application, original_name="年度报告.pdf")

    response = client.get(reverse("award:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 200
    assert response.streaming
    assert int(response["Content-Length"]) == len(data)
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == evidence.sha256
    assert AuditEntry.objects.filter(action="evidence.viewed", object_id=str(evidence.pk)).count() == 1


def test_evidence_in_the_bucket_is_refused_to_another_applicant(client, s3_bucket):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    _upload(client, application, _pdf(10_000))
    evidence = Evidence.objects.get(application=application, original_name="年度报告.pdf")
    client.force_login(OrganizationUserFactory())

    response = client.get(reverse("award:evidence_download", kwargs={"pk": evidence.pk}))

    assert response.status_code == 403


def test_objects_are_private_with_no_url_and_no_public_grant(client, s3_bucket, s3_endpoint):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    _upload(client, application, _pdf(10_000))
    key = Evidence.objects.get(application=application, original_name="年度报告.pdf").file.name

    grants = s3server.client().get_object_acl(Bucket=s3_bucket, Key=key)["Grants"]
    with pytest.raises(urllib.error.HTTPError) as anonymous:
        urllib.request.urlopen(f"{s3_endpoint}/{s3_bucket}/{key}", timeout=5)
    with pytest.raises(ValueError):
        private_storage().url(key)

    assert [grant["Grantee"].get("URI") for grant in grants] == [None]  # the owner only, no AllUsers group
    assert anonymous.value.code == 403


def test_evidence_refused_by_the_content_checks_puts_nothing_in_the_bucket(client, s3_bucket):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    before = _keys(s3_bucket)

    _upload(client, application, "这不是 PDF".encode())

    assert _keys(s3_bucket) == before


def test_deleting_evidence_removes_the_object_after_commit(client, s3_bucket, django_capture_on_commit_callbacks):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    _upload(client, application, _pdf(10_000))
    evidence = Evidence.objects.get(application=application, original_name="年度报告.pdf")

    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("award:evidence_delete", kwargs={"pk": evidence.pk}))

    assert evidence.file.name not in _keys(s3_bucket)


def test_certificate_rendered_into_the_bucket_downloads_for_the_winner(client, s3_bucket):
    _cycle, _office, certificates = awarded_cycle(organizations=1, individuals=0)
    certificate = certificates[0]

    task_render_certificate.apply(kwargs={"certificate_id": certificate.pk})
    certificate.refresh_from_db()
    client.force_login(certificate.award.application.applicant)
    response = client.get(reverse("award:certificate_download", kwargs={"pk": certificate.pk}))

    assert certificate.pdf.name in _keys(s3_bucket)
    assert response.status_code == 200
    assert hashlib.sha256(b"".join(response.streaming_content)).hexdigest() == certificate.sha256


def test_streamed_file_reads_from_an_offset_after_a_seek(s3_bucket):
    data = bytes(range(256)) * 1000
    name = private_storage().save("probe/streamed.bin", ContentFile(data))

    with private_storage().open(name) as handle:
        head = handle.read(1000)
        handle.seek(200_000)
        tail = handle.read()
        handle.seek(0, io.SEEK_END)
        end = handle.tell()

    assert isinstance(handle, S3StreamedFile)
    assert (head, tail, end) == (data[:1000], data[200_000:], len(data))


def test_a_missing_object_raises_file_not_found(s3_bucket):
    with pytest.raises(FileNotFoundError):
        private_storage().open("evidence/0/not-there")


def test_storage_saves_never_overwrite_an_existing_object(s3_bucket):
    first = private_storage().save("probe/same-name.pdf", ContentFile(b"%PDF-first"))
    second = private_storage().save("probe/same-name.pdf", ContentFile(b"%PDF-second"))

    assert first != second
    assert _object_bytes(s3_bucket, first) == b"%PDF-first"


def test_without_a_bucket_files_stay_under_private_media_root(settings, private_media_root):
    settings.S3_BUCKET = ""

    name = private_storage().save("probe/local.pdf", ContentFile(b"%PDF-local"))

    assert (private_media_root / name).read_bytes() == b"%PDF-local"
