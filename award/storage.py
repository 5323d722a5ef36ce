"""Where applicants' files live: outside MEDIA_URL and STATIC_URL, reachable only through permission-checked views."""
from django.conf import settings
from django.core.files.storage import FileSystemStorage


def private_storage():
    return FileSystemStorage(location=settings.PRIVATE_MEDIA_ROOT, base_url=None)
