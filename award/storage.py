"""Where applicants' files live: outside MEDIA_URL and STATIC_URL, reachable only through permission-checked views."""
import os

from django.conf import settings
from django.core.files.storage import FileSystemStorage


class PrivateStorage(FileSystemStorage):
    """Reads PRIVATE_MEDIA_ROOT when used, not when the model class is built, and has no URL."""

    def __init__(self):
        super().__init__(base_url=None)

    @property
    def base_location(self):
        return str(settings.PRIVATE_MEDIA_ROOT)

    @property
    def location(self):
        return os.path.abspath(self.base_location)

    def url(self, name):
        raise ValueError("Evidence has no public URL; serve it through award:evidence_download.")

    def deconstruct(self):
        return ("award.storage.PrivateStorage", (), {})


def private_storage():
    return PrivateStorage()
