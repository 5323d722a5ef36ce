"""Infrastructure fixtures shared by every test. Domain objects come from tests/factories/, not from here.

pytest-django already provides `settings`, `client`, `admin_client`, `django_assert_num_queries` and `mailoutbox`.
"""
import pytest


@pytest.fixture(autouse=True)
def private_media_root(settings, tmp_path):
    """Every test writes applicants' files to its own temporary folder, never to var/.

    award.storage.PrivateStorage reads the setting each time it is used, so changing it is enough.
    """
    root = tmp_path / "private-media"
    root.mkdir()
    settings.PRIVATE_MEDIA_ROOT = root
    return root


@pytest.fixture(autouse=True)
def empty_cache():
    """Rate-limit counters of the public forms start at zero in every test."""
    from django.core.cache import cache

    cache.clear()
    yield
    cache.clear()

