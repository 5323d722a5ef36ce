"""Where private files live: evidence, certificates, approval scans, reports (SPEC §6, §14).

One storage for all of them, reachable only through permission-checked, audited views; it has no URL. Which
backend it is follows the settings at the time of use:

- the local file system under PRIVATE_MEDIA_ROOT, the embedded default of the demo (no S3_BUCKET set);
- a private S3 bucket (S3_BUCKET, S3_ENDPOINT_URL, S3_REGION, S3_ACCESS_KEY_ID, S3_SECRET_ACCESS_KEY, S3_PREFIX)
  through django-storages, so several web nodes and workers that share no disk see the same files. Objects get no
  ACL of their own (the bucket's private default), and no presigned or public URL is ever made; downloads are
  streamed from the bucket through the web node.

Every model's FileField names `private_storage` as its storage; code that reads or writes these files (backups,
restores) goes through `private_storage()` too, never through a path on disk.
"""
import io
import os

from django.conf import settings
from django.core.files.base import File
from django.core.files.storage import FileSystemStorage
from django.core.signals import setting_changed
from django.dispatch import receiver
from django.utils.functional import LazyObject, empty

_SETTINGS = frozenset(
    {"PRIVATE_MEDIA_ROOT", "S3_BUCKET", "S3_ENDPOINT_URL", "S3_REGION", "S3_ACCESS_KEY_ID",
     "S3_SECRET_ACCESS_KEY", "S3_PREFIX"}
)
NO_URL = "Private files have no URL; serve them through their permission-checked download view."


class PrivateStorage(FileSystemStorage):
    """The local file system under PRIVATE_MEDIA_ROOT (read when used, not when the model class is built); no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError(NO_URL)

    def deconstruct(self):
        return ("award.storage.PrivateStorage", (), {})


def _s3_storage_class():
    from storages.backends.s3 import S3Storage  # noqa: PLC0415 — only with a bucket: the demo never loads boto3
    from storages.utils import clean_name  # noqa: PLC0415 — as above

    class PrivateS3Storage(S3Storage):
        """A private bucket: no object ACL, no URLs, never overwrites, reads streamed rather than spooled."""

        def url(self, name, parameters=None, expire=None, http_method=None):
            raise ValueError(NO_URL)

        def _open(self, name, mode="rb"):
            if set(mode) & set("wa+"):
                return super()._open(name, mode)
            key = self._normalize_name(clean_name(name))
            obj = self.bucket.Object(key)
            try:
                size = obj.content_length  # HEAD: a missing object fails here, before any byte is sent
            except self.connection.meta.client.exceptions.ClientError as error:
                if error.response.get("Error", {}).get("Code") in {"404", "NoSuchKey", "NotFound"}:
                    raise FileNotFoundError(f"{name} is not in the bucket") from None
                raise
            return S3StreamedFile(obj, name=name, size=size)

    return PrivateS3Storage


def s3_options():
    """The django-storages options that S3_* settings give; empty when no bucket is configured."""
    if not settings.S3_BUCKET:
        return {}
    return {
        "bucket_name": settings.S3_BUCKET,
        "endpoint_url": settings.S3_ENDPOINT_URL or None,
        "region_name": settings.S3_REGION or None,
        "access_key": settings.S3_ACCESS_KEY_ID or None,
        "secret_key": settings.S3_SECRET_ACCESS_KEY or None,
        "location": settings.S3_PREFIX,
        "default_acl": None,
        "querystring_auth": False,
        "file_overwrite": False,
        "addressing_style": "path" if settings.S3_ENDPOINT_URL else None,
        "signature_version": "s3v4",
    }


class S3StreamedFile(File):
    """A stored object read in order from one GET, re-opened at an offset (a Range request) after a seek.

    FileResponse asks for the length by seeking to the end and back; that costs no request here.
    """

    def __init__(self, obj, *, name, size):
        super().__init__(None, name=name)
        self._object = obj
        self._size = size
        self._position = 0
        self._body = None
        self.mode = "rb"

    @property
    def size(self):
        return self._size

    def read(self, size=-1):
        if self._position >= self._size:
            return b""
        if self._body is None:
            extra = {"Range": f"bytes={self._position}-"} if self._position else {}
            self._body = self._object.get(**extra)["Body"]
        data = self._body.read(None if size is None or size < 0 else size)
        self._position += len(data)
        return data

    def seek(self, offset, whence=io.SEEK_SET):
        base = {io.SEEK_SET: 0, io.SEEK_CUR: self._position, io.SEEK_END: self._size}[whence]
        position = max(0, base + offset)
        if position != self._position:
            self._close_body()
            self._position = position
        return position

    def tell(self):
        return self._position

    def seekable(self):
        return True

    def readable(self):
        return True

    @property
    def closed(self):
        return self._object is None

    def open(self, mode=None):
        self.seek(0)
        return self

    def close(self):
        self._close_body()

    def _close_body(self):
        if self._body is not None:
            self._body.close()
            self._body = None

    def __iter__(self):
        yield from self.chunks()


class _LazyPrivateStorage(LazyObject):
    def _setup(self):
        self._wrapped = _s3_storage_class()(**s3_options()) if settings.S3_BUCKET else PrivateStorage()


_storage = _LazyPrivateStorage()


def private_storage():
    """The one storage of private files: what every private FileField stores through (see the module docstring)."""
    return _storage


def private_storage_is_s3():
    """Whether private files go to an S3 bucket (True) or to PRIVATE_MEDIA_ROOT on this machine (False)."""
    return bool(settings.S3_BUCKET)


@receiver(setting_changed)
def _reset_on_setting_change(*, setting, **kwargs):
    if setting in _SETTINGS:
        _storage._wrapped = empty
