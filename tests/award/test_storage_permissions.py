"""Stored files are readable by the app's user only: 0600 files in 0700 folders (issue 11, 等保 2.0 data
confidentiality), whether written by the storage itself or moved from an upload's temporary file."""
import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import TemporaryUploadedFile

from award.storage import private_storage


def test_storage_writes_files_0600_in_folders_0700(private_media_root):
    storage = private_storage()

    name = storage.save("evidence/2026/报告.pdf", ContentFile(b"%PDF-1.4 test"))

    path = private_media_root / name
    assert path.stat().st_mode & 0o777 == 0o600
    assert path.parent.stat().st_mode & 0o777 == 0o700


@pytest.mark.parametrize("size", [10, 6 * 1024 * 1024], ids=["small", "temporary-file"])
def test_uploaded_file_moved_into_storage_is_0600(private_media_root, size):
    upload = TemporaryUploadedFile("大文件.pdf", "application/pdf", size, None)
    upload.write(b"x" * size)
    upload.seek(0)

    name = private_storage().save("evidence/big.pdf", upload)

    assert (private_media_root / name).stat().st_mode & 0o777 == 0o600
