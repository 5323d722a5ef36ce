"""Backup and restore round trip on PostgreSQL (issue 11; 等保 2.0 data backup and recovery): the archive
restores into an empty database and storage with the same rows, files and an intact audit chain."""
import io
import json
import tarfile
from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.db import connection

from accounts.audit import audit_verify
from accounts.models import AuditEntry, User
from award.models import Evidence
from award.storage import private_storage
from tests.dbadmin import administrator, connected_as_administrator
from tests.factories.award import application_in_state

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="pg_dump and pg_restore"),
    pytest.mark.django_db(transaction=True),
]


@pytest.fixture
def restore_database():
    """An empty database beside the test database; Django's connection points at it, as the superuser, while the
    test restores; dropped afterwards."""
    name = connection.settings_dict["NAME"] + "_restore"
    with administrator() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}"')
        cursor.execute(f'CREATE DATABASE "{name}"')

    def switch():
        original = connection.settings_dict["NAME"]
        return _Switch(name, original)

    yield switch
    with administrator() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


class _Switch:
    def __init__(self, name, original):
        self.name, self.original = name, original

    def __enter__(self):
        self.admin = connected_as_administrator()
        self.admin.__enter__()
        connection.settings_dict["NAME"] = self.name
        return connection

    def __exit__(self, *exc):
        connection.close()
        connection.settings_dict["NAME"] = self.original
        self.admin.__exit__(*exc)


def _world():
    application = application_in_state("submitted")
    evidence = Evidence.objects.filter(application=application).first()
    return application, evidence


def test_backup_and_restore_round_trip(tmp_path, restore_database, settings):
    application, evidence = _world()
    counts = (User.objects.count(), AuditEntry.objects.count(), Evidence.objects.count())
    archive = tmp_path / "award.tar"
    out = StringIO()
    call_command("backup", str(archive), stdout=out)
    manifest = json.loads(tarfile.open(archive).extractfile("manifest.json").read())
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "restored-files"

    with restore_database():
        call_command("restore", str(archive), stdout=out)
        restored = (User.objects.count(), AuditEntry.objects.count(), Evidence.objects.count())
        chain = audit_verify(anchors=False)
        restored_file = private_storage().open(evidence.file.name).read() if evidence else b""

    assert counts[2] >= 1 and restored == counts
    assert (chain.ok, chain.checked) == (True, counts[1])
    assert manifest["files"][evidence.file.name]["sha256"] == evidence.sha256
    assert len(restored_file) == evidence.size
    assert (archive.stat().st_mode & 0o777, "已恢复并核对" in out.getvalue()) == (0o600, True)


def test_restore_refuses_a_database_that_is_not_empty(tmp_path):
    _world()
    archive = tmp_path / "award.tar"
    call_command("backup", str(archive), stdout=StringIO())

    with connected_as_administrator(), pytest.raises(CommandError, match="目标数据库不是空的"):
        call_command("restore", str(archive), stdout=StringIO())


def test_restore_refuses_an_altered_archive(tmp_path, restore_database):
    _world()
    archive, altered = tmp_path / "award.tar", tmp_path / "altered.tar"
    call_command("backup", str(archive), stdout=StringIO())
    with tarfile.open(archive) as source, tarfile.open(altered, "w") as target:
        for member in source.getmembers():
            content = source.extractfile(member).read()
            if member.name == "manifest.json":
                manifest = json.loads(content)
                manifest["database"]["tables"]["accounts_user"] += 1
                content = json.dumps(manifest).encode()
                member.size = len(content)
            target.addfile(member, io.BytesIO(content))

    with restore_database(), pytest.raises(CommandError, match="签名无效"):
        call_command("restore", str(altered), stdout=StringIO())
