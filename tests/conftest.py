"""Infrastructure fixtures shared by every test. Domain objects come from tests/factories/, not from here.

pytest-django already provides `settings`, `client`, `admin_client`, `django_assert_num_queries` and `mailoutbox`.
"""
from pathlib import Path

import pytest
from django.apps import apps
from django.core.files.storage import FileSystemStorage
from django.db import models


def _private_storages(root: Path):
    """FileSystemStorage instances of model file fields that were built on the private media root."""
    seen = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            storage = getattr(field, "storage", None)
            if (
                isinstance(field, models.FileField)
                and isinstance(storage, FileSystemStorage)
                and id(storage) not in seen
                and Path(storage.location).resolve() == root.resolve()
            ):
                seen.add(id(storage))
                yield storage


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path, monkeypatch):
    """Every test writes applicants' files to its own temporary folder, never to var/.

    Storages that already captured the old root when the model class was built are redirected too.
    """
    root = tmp_path / "private-media"
    root.mkdir()
    for storage in _private_storages(Path(settings.PRIVATE_MEDIA_ROOT)):
        for attr in ("_location", "base_location", "location"):
            monkeypatch.setattr(storage, attr, str(root), raising=False)
    settings.PRIVATE_MEDIA_ROOT = root
    return root
