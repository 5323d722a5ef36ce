"""Backups of the database and the private files, and their restore (issue 11; 等保 2.0 data backup and recovery).

`backup_write` takes one snapshot of the database (`pg_export_snapshot`): in it the row count of every table and
the names of every stored file are read, and `pg_dump --snapshot` dumps exactly that state, so counts, dump and
file list agree even while the site keeps running. The files are read through the storage API (local disk or S3,
award/storage.py). The archive is a tar file: `manifest.json`, `database.dump` (pg_dump custom format) and
`files/<name>`; the manifest records counts, SHA-256 of the dump and of every file, the audit chain's head, and is
signed with the audit key (HMAC), so a changed archive is refused.

`restore_read` brings an archive back into an empty database (the one of the current connection) and an empty
storage, then checks: every table's row count, every file's SHA-256 read back from the storage, and the audit
chain (keyed hashes and the manifest's head). PostgreSQL only.
"""
import hashlib
import hmac
import io
import json
import os
import subprocess
import tarfile
from datetime import UTC, datetime

from django.apps import apps
from django.conf import settings
from django.core.files.base import ContentFile
from django.db import connection, models, transaction

from accounts.audit import audit_keys, audit_verify
from accounts.models import AuditEntry

from .storage import private_storage

MANIFEST = "manifest.json"
DUMP = "database.dump"
FORMAT_VERSION = 1


class BackupError(Exception):
    """The archive cannot be written or restored; the message says why."""


def backup_write(*, path) -> dict:
    """Write a consistent archive of the database and the private files to `path`; returns the manifest."""
    _require_postgresql()
    storage = private_storage()
    with transaction.atomic():
        with connection.cursor() as cursor:
            cursor.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ, READ ONLY")
            cursor.execute("SELECT pg_export_snapshot()")
            [snapshot] = cursor.fetchone()
            tables = _tables(cursor)
            counts = {}
            for table in tables:
                cursor.execute(f'SELECT count(*) FROM public."{table}"')
                counts[table] = cursor.fetchone()[0]
        file_names = sorted(_stored_file_names())
        head = AuditEntry.objects.order_by("-id").values("id", "entry_hash").first()
        audit_count = AuditEntry.objects.count()
        dump = _run(["pg_dump", "--format=custom", "--no-owner", "--no-privileges", f"--snapshot={snapshot}"],
                    what="pg_dump")
    files = {}
    with tarfile.open(path, "w") as archive:
        _add(archive, DUMP, dump)
        for name in file_names:
            with storage.open(name, "rb") as handle:
                content = handle.read()
            files[name] = {"sha256": hashlib.sha256(content).hexdigest(), "size": len(content)}
            _add(archive, f"files/{name}", content)
        manifest = {
            "format": FORMAT_VERSION,
            "created_at": datetime.now(UTC).isoformat(timespec="seconds"),
            "database": {"sha256": hashlib.sha256(dump).hexdigest(), "tables": counts},
            "files": files,
            "audit": {"count": audit_count, "head_id": head["id"] if head else None,
                      "head_hash": head["entry_hash"] if head else None},
            "key": settings.AUDIT_HMAC_KEY_ID,
        }
        manifest["signature"] = _signature(manifest, audit_keys()[manifest["key"]])
        _add(archive, MANIFEST, json.dumps(manifest, ensure_ascii=False, indent=1).encode())
    os.chmod(path, 0o600)
    return manifest


def restore_read(*, path) -> dict:
    """Restore the archive at `path` into the current (empty) database and the (empty) private storage, and check
    it; raises BackupError naming the first thing that does not hold. Returns a report of what was checked."""
    _require_postgresql()
    with tarfile.open(path, "r") as archive:
        manifest = json.loads(_member(archive, MANIFEST))
        key = audit_keys().get(manifest.get("key"))
        if key is None or not hmac.compare_digest(_signature(manifest, key), manifest.get("signature", "")):
            raise BackupError("备份清单的签名无效:备份被改动过,或审计密钥不同")
        dump = _member(archive, DUMP)
        if hashlib.sha256(dump).hexdigest() != manifest["database"]["sha256"]:
            raise BackupError("数据库转储的 SHA-256 与清单不符")
        with connection.cursor() as cursor:
            if _tables(cursor):
                raise BackupError("目标数据库不是空的:恢复只写入空数据库")
        storage = private_storage()
        for name in manifest["files"]:
            if storage.exists(name):
                raise BackupError(f"目标存储中已有文件 {name}:恢复只写入空存储")
        connection.close()
        _run(["pg_restore", "--no-owner", "--no-privileges", "--single-transaction", "--exit-on-error",
              "--dbname", _dsn()], what="pg_restore", stdin=dump)
        with connection.cursor() as cursor:
            for table, expected in manifest["database"]["tables"].items():
                cursor.execute(f'SELECT count(*) FROM public."{table}"')
                actual = cursor.fetchone()[0]
                if actual != expected:
                    raise BackupError(f"表 {table} 恢复后有 {actual} 行,清单记录 {expected} 行")
        for name, info in manifest["files"].items():
            content = _member(archive, f"files/{name}")
            saved = storage.save(name, ContentFile(content))
            if saved != name:
                raise BackupError(f"文件 {name} 被存为 {saved}")
            with storage.open(name, "rb") as handle:
                if hashlib.sha256(handle.read()).hexdigest() != info["sha256"]:
                    raise BackupError(f"文件 {name} 恢复后的 SHA-256 与清单不符")
    result = audit_verify(anchors=False)
    head = AuditEntry.objects.order_by("-id").values_list("id", "entry_hash").first()
    expected_head = (manifest["audit"]["head_id"], manifest["audit"]["head_hash"])
    if not result.ok or (head or (None, None)) != expected_head or result.checked != manifest["audit"]["count"]:
        raise BackupError(f"恢复后的审计日志校验失败:{result.reason or '链头或条数与清单不符'}")
    return {"tables": len(manifest["database"]["tables"]), "rows": sum(manifest["database"]["tables"].values()),
            "files": len(manifest["files"]), "audit_entries": result.checked, "created_at": manifest["created_at"]}


def _stored_file_names():
    """Every file name the database refers to, read in the current snapshot."""
    names = set()
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField) and field.concrete:
                values = model._base_manager.exclude(**{field.name: ""}).values_list(field.name, flat=True)
                names.update(value for value in values if value)
    return names


def _tables(cursor):
    cursor.execute("SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename")
    return [row[0] for row in cursor.fetchall()]


def _signature(manifest, key):
    signed = {k: v for k, v in manifest.items() if k != "signature"}
    return hmac.new(key, ("backup:" + json.dumps(signed, sort_keys=True)).encode(), hashlib.sha256).hexdigest()


def _add(archive, name, content):
    info = tarfile.TarInfo(name)
    info.size = len(content)
    info.mode = 0o600
    archive.addfile(info, io.BytesIO(content))


def _member(archive, name):
    try:
        member = archive.extractfile(name)
    except KeyError:
        member = None
    if member is None:
        raise BackupError(f"备份中缺少 {name}")
    return member.read()


def _dsn():
    db = connection.settings_dict
    parts = {"dbname": db["NAME"], "host": db["HOST"] or "127.0.0.1", "port": db["PORT"] or 5432, "user": db["USER"]}
    return " ".join(f"{key}={value}" for key, value in parts.items() if value)


def _run(command, *, what, stdin=None):
    env = dict(os.environ)
    if connection.settings_dict.get("PASSWORD"):
        env["PGPASSWORD"] = connection.settings_dict["PASSWORD"]
    if what == "pg_dump":
        command = [*command, _dsn()]
    completed = subprocess.run(command, input=stdin, capture_output=True, env=env, check=False)  # noqa: S603
    if completed.returncode != 0:
        raise BackupError(f"{what} 失败:{completed.stderr.decode(errors='replace')[-500:]}")
    return completed.stdout


def _require_postgresql():
    if connection.vendor != "postgresql":
        raise BackupError("备份与恢复需要 PostgreSQL")
