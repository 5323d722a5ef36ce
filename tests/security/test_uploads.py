"""The upload corpus (tests/upload_corpus.py) through the evidence check: dangerous files accepted must be 0."""
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile

from award.uploads import inspect_evidence_file
from tests.upload_corpus import CORPUS

from .figures import record


def test_upload_corpus_accepts_nothing_dangerous():
    accepted_dangerous = []
    for case, name, content, code in CORPUS:
        try:
            inspect_evidence_file(SimpleUploadedFile(name, content), max_bytes=20 * 1024 * 1024)
        except ValidationError:
            continue
        if code is not None:
            accepted_dangerous.append(case)
    record(uploads_tried=len(CORPUS), uploads_accepted_dangerous=len(accepted_dangerous))

    assert accepted_dangerous == []
