"""The request body limit is enforced before the body is read (issue 11: "a 22 MB upload is read whole before
the 20 MB refusal"): a request claiming more than the page accepts is refused at once with the limits in Chinese,
nothing is stored, and no part of the body is read."""
import io

import pytest
from django.test.client import BOUNDARY, MULTIPART_CONTENT, encode_multipart
from django.urls import reverse

from award.models import Evidence
from tests.factories.award import application_in_state, pdf_upload

pytestmark = pytest.mark.django_db
MB = 1024 * 1024


class UnreadableBody(io.BytesIO):
    """A body that fails the test if anything reads it."""

    def read(self, *args, **kwargs):
        raise AssertionError("the body was read")

    readline = read


def _claiming(client, url, *, length):
    """POST to `url` a multipart request whose Content-Length claims `length` bytes and whose body cannot be read."""
    return client.generic("POST", url, b"", content_type=MULTIPART_CONTENT, CONTENT_LENGTH=str(length),
                          **{"wsgi.input": UnreadableBody()})


def test_an_upload_claiming_22_mb_is_refused_unread(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    before = Evidence.objects.filter(application=application).count()

    response = _claiming(client, reverse("award:evidence_upload", kwargs={"pk": application.pk}), length=22 * MB)

    assert response.status_code == 413
    text = response.content.decode()
    assert "提交的内容约 22 MB,超过了本页 21 MB 的上限,未被接收。单个文件不超过 20 MB" in text
    assert Evidence.objects.filter(application=application).count() == before


def test_the_complaint_form_takes_its_five_files_but_not_more(client):
    url = reverse("supervision:complaint_create")

    refused = _claiming(client, url, length=102 * MB)

    assert refused.status_code == 413
    assert "超过了本页 101 MB 的上限" in refused.content.decode()
    assert client.get(url).status_code == 200


def test_an_upload_under_the_limit_goes_through(client):
    application = application_in_state("draft")
    client.force_login(application.applicant)
    before = Evidence.objects.filter(application=application).count()
    body = encode_multipart(BOUNDARY, {"kind": "other", "file": pdf_upload()})

    response = client.generic("POST", reverse("award:evidence_upload", kwargs={"pk": application.pk}), body,
                              content_type=MULTIPART_CONTENT)

    assert response.status_code == 302
    assert Evidence.objects.filter(application=application).count() == before + 1
