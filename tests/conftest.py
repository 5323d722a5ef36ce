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


def pytest_collection_modifyitems(config, items):
    """Tests that commit for real (browser tests, real concurrency, the Celery worker) flush the database when they
    end; restore what the migrations seeded (scoring standards, the county recommenders) after them, so the tests
    that follow see the same database as on a fresh install."""
    for item in items:
        names = getattr(item, "fixturenames", ())
        if "transactional_db" in names or "live_server" in names:
            item.add_marker(pytest.mark.django_db(transaction=True, serialized_rollback=True))
