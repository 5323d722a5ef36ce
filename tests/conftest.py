"""Infrastructure fixtures shared by every test. Domain objects come from tests/factories/, not from here.

pytest-django already provides `settings`, `client`, `admin_client`, `django_assert_num_queries` and `mailoutbox`.
"""
import pytest

from tests import dbadmin


@pytest.fixture(scope="session")
def django_db_setup(django_db_setup, django_db_blocker):
    """After pytest-django has created and migrated the test database (as the superuser of DATABASE_URL), hand
    every table to an owner role and run the whole suite as the app role, which cannot TRUNCATE, UPDATE or DELETE
    the audit log (accounts/dbroles.py). The superuser stays the administrator (tests/dbadmin.py)."""
    from django.db import connection
    from django.db.backends.postgresql.operations import DatabaseOperations

    if connection.vendor != "postgresql":
        yield
        return
    from accounts.dbroles import db_roles_apply

    settings_dict = connection.settings_dict
    dbadmin.remember_administrator(settings_dict)
    owner, app = dbadmin.roles_for(settings_dict["NAME"])
    with django_db_blocker.unblock():
        db_roles_apply(owner=owner, app=app)
        connection.close()
    superuser, password = settings_dict["USER"], settings_dict["PASSWORD"]
    settings_dict.update(USER=app, PASSWORD="")
    original_flush = DatabaseOperations.execute_sql_flush
    DatabaseOperations.execute_sql_flush = dbadmin.flush_as_administrator
    yield
    DatabaseOperations.execute_sql_flush = original_flush
    with django_db_blocker.unblock():
        connection.close()
    settings_dict.update(USER=superuser, PASSWORD=password)


@pytest.fixture(autouse=True)
def audit_anchor_dir(settings, tmp_path):
    """Every test anchors the audit chain in its own folder (accounts/audit.py)."""
    settings.AUDIT_ANCHOR_DIR = tmp_path / "audit-anchors"
    return settings.AUDIT_ANCHOR_DIR


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



@pytest.fixture(scope="session")
def s3_endpoint():
    """A real S3 gateway (SeaweedFS) on the loopback, started for this run if none is running (tests/s3server.py)."""
    from tests import s3server

    return s3server.ensure_running()


@pytest.fixture
def s3_bucket(settings, s3_endpoint):
    """A fresh private bucket, and the private storage switched to it for this test; emptied and removed after."""
    import uuid

    from tests import s3server

    client = s3server.client()
    name = f"award-test-{uuid.uuid4().hex[:16]}"
    client.create_bucket(Bucket=name)
    settings.S3_ENDPOINT_URL = s3_endpoint
    settings.S3_ACCESS_KEY_ID = s3server.ACCESS_KEY
    settings.S3_SECRET_ACCESS_KEY = s3server.SECRET_KEY
    settings.S3_REGION = s3server.REGION
    settings.S3_BUCKET = name
    yield name
    for page in client.get_paginator("list_objects_v2").paginate(Bucket=name):
        for item in page.get("Contents", []):
            client.delete_object(Bucket=name, Key=item["Key"])
    client.delete_bucket(Bucket=name)
