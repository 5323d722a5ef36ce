"""The append-only, keyed hash-chained audit log (SPEC §14, Art. 11, 26).

Every state change, assignment, score, recusal, decision and every view or download of an applicant's files is
recorded with `audit_record`: who, when, what, from where. Each entry carries the hash of the one before and its
own hash is an HMAC-SHA256 under a key that lives in the settings (`AUDIT_HMAC_KEY`), never in the database, so
`audit_verify` finds an entry that was altered, inserted or deleted afterwards even by someone who bypasses the
triggers and recomputes the chain. The chain's head is written regularly to a signed anchor file outside the
database (`audit_anchor_write`, beat task and `manage.py audit_anchor`), so the loss of the newest entries and a
truncated log are found too.

In the database (PostgreSQL): triggers refuse UPDATE, DELETE (migration accounts/0002) and TRUNCATE (0004) of the
table, and the web's own role (`manage.py db_roles`) neither owns the table nor holds those privileges.

**The one hash function** is `audit_hash(entry)`; `audit_seal(entry, prev_hash=...)` links and hashes an unsaved
entry. A bulk writer (e.g. a seeder) does, in one transaction::

    prev = audit_chain_head()          # takes the chain's lock and returns the newest entry's hash
    for entry in entries:              # unsaved AuditEntry objects, `at` set (UTC), in the order to be stored
        prev = audit_seal(entry, prev_hash=prev)
    AuditEntry.objects.bulk_create(entries)   # ids ascend in list order on PostgreSQL
"""
import hashlib
import hmac
import ipaddress
import json
import os
import time
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import ImproperlyConfigured
from django.core.serializers.json import DjangoJSONEncoder
from django.db import connection, transaction
from django.utils import timezone
from django.utils.ipv6 import clean_ipv6_address
from django.utils.translation import gettext as _

from accounts.models import AuditEntry

GENESIS_HASH = "0" * 64
# Every append takes this transaction-level advisory lock on PostgreSQL, so two writers never read the same
# "previous entry" and fork the chain. The number is arbitrary but must stay the same forever.
AUDIT_LOCK_KEY = 0x5A_4A_41_55  # "ZJAU"
# Stored in the entry and hashed, so these labels are constants, never translated at write time.
SYSTEM_LABEL = "系统"
PUBLIC_LABEL = "公众"
ANCHOR_FILE = "heads.jsonl"


@dataclass(frozen=True)
class VerifyResult:
    """What `audit_verify` found. `ok` is False at the first entry (or anchor) that does not hold.

    `anchored_id`/`anchored_at`: the newest head recorded outside the database that the log still matches;
    `unanchored`: entries written after it, whose loss from the end of the log could not be detected.
    """

    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""
    anchors: int = 0
    anchored_id: int | None = None
    anchored_at: str = ""
    unanchored: int = 0
    notes: list = field(default_factory=list, compare=False)


def audit_keys() -> dict[str, bytes]:
    """The HMAC keys by id: the current one (`AUDIT_HMAC_KEY_ID`) and retired ones still needed to verify."""
    keys = {str(key_id): str(secret).encode() for key_id, secret in settings.AUDIT_HMAC_RETIRED_KEYS.items()}
    keys[settings.AUDIT_HMAC_KEY_ID] = str(settings.AUDIT_HMAC_KEY).encode()
    return keys


def audit_hash(entry: AuditEntry, *, key_id: str | None = None) -> str:
    """The one hash of the log: HMAC-SHA256, under the key `entry.key_id` (or `key_id`), of the entry's content
    and its `prev_hash`. Raises ImproperlyConfigured for a key id the settings do not know."""
    key_id = entry.key_id if key_id is None else key_id
    try:
        key = audit_keys()[key_id]
    except KeyError:
        raise ImproperlyConfigured(f"unknown audit key id {key_id!r}") from None
    payload = json.dumps(
        {
            "at": entry.at.isoformat(),
            "actor": entry.actor_id,
            "actor_label": entry.actor_label,
            "action": entry.action,
            "object_type": entry.object_type,
            "object_id": entry.object_id,
            "cycle_id": entry.cycle_id,
            "application_id": entry.application_id,
            "ip": entry.ip_address,
            "detail": entry.detail,
            "prev": entry.prev_hash,
            "key": key_id,
        },
        sort_keys=True,
        ensure_ascii=False,
        default=str,
    )
    return hmac.new(key, payload.encode("utf-8"), hashlib.sha256).hexdigest()


def audit_seal(entry: AuditEntry, *, prev_hash: str) -> str:
    """Link the unsaved `entry` to `prev_hash` and hash it under the current key; returns its hash (the next
    entry's `prev_hash`). `entry.at` must be set, in UTC with microseconds as the database gives it back."""
    entry.prev_hash = prev_hash
    entry.key_id = settings.AUDIT_HMAC_KEY_ID
    entry.entry_hash = audit_hash(entry)
    return entry.entry_hash


def audit_chain_head() -> str:
    """Inside a transaction: take the chain's lock (held until commit) and return the newest entry's hash."""
    started = time.perf_counter()
    _lock_chain()
    if settings.AUDIT_LOCK_WAIT_LOG:  # `make bench ARGS=rush` measures the waits inside real requests
        with open(settings.AUDIT_LOCK_WAIT_LOG, "a") as log:
            log.write(f"{(time.perf_counter() - started) * 1000:.3f}\n")
    previous = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
    return previous or GENESIS_HASH


def audit_record(
    *,
    action: str,
    actor=None,
    obj=None,
    cycle_id: int | None = None,
    application_id: int | None = None,
    ip: str | None = None,
    detail: dict | None = None,
) -> AuditEntry:
    """Art. 11, 26: append one entry to the audit log, chained to the entry before it.

    Runs inside the caller's transaction, so the entry exists exactly when the change it records does. `actor`
    is a user, None for the system (a scheduled task) or an anonymous visitor for the public. `obj` gives the
    entry's object type (model label) and id.
    """
    entry = audit_entry(action=action, actor=actor, obj=obj, cycle_id=cycle_id, application_id=application_id,
                        ip=ip, detail=detail)
    if _at_commit():
        # Written by the connection just before its COMMIT (accounts.dbbackend), so the chain's lock is held for
        # one insert and the commit, not for the rest of the request: an upload or a submission never waits
        # behind another one's work (issue 12's deadline rush). A rolled-back savepoint drops its entries with
        # its on-commit hooks, so an entry still exists exactly when the change it records does.
        transaction.on_commit(PendingAuditEntry(entry))
        return entry
    with transaction.atomic():
        previous = audit_chain_head()
        # Taken under the lock so the log's times never run backwards; UTC with microseconds is exactly what
        # the database gives back, so the hash recomputed from a read row matches.
        entry.at = timezone.now().astimezone(UTC)
        audit_seal(entry, prev_hash=previous)
        entry.save(force_insert=True)
    return entry


def _at_commit() -> bool:
    return (settings.AUDIT_WRITE_AT_COMMIT and connection.in_atomic_block
            and getattr(connection, "writes_audit_at_commit", False))


class PendingAuditEntry:
    """An entry waiting in its transaction's on-commit hooks; the connection writes every pending one, chained in
    the order they were recorded, right before it commits (`audit_write_pending`). Called after the commit, it has
    nothing left to do."""

    audit_pending = True

    def __init__(self, entry):
        self.entry = entry

    def __call__(self):
        pass

    @staticmethod
    def write_all(pending) -> None:
        audit_write_pending([p.entry for p in pending])


def audit_write_pending(entries) -> None:
    """Inside the transaction about to commit: take the chain's lock, seal `entries` after the head and insert
    them in one statement. The lock is released by the COMMIT that follows."""
    previous = audit_chain_head()
    now = timezone.now().astimezone(UTC)
    for entry in entries:
        entry.at = now
        previous = audit_seal(entry, prev_hash=previous)
    AuditEntry.objects.bulk_create(entries)


def audit_entry(*, action: str, actor=None, obj=None, cycle_id: int | None = None, application_id: int | None = None,
                ip: str | None = None, detail: dict | None = None) -> AuditEntry:
    """The unsaved entry `audit_record` would append (same arguments), for `audit_record_many`."""
    actor_id, actor_label = _actor_fields(actor)
    return AuditEntry(
        actor_id=actor_id,
        actor_label=actor_label[:150],
        action=action,
        object_type=obj._meta.label if obj is not None else "",
        object_id=str(obj.pk) if obj is not None and obj.pk is not None else "",
        cycle_id=cycle_id,
        application_id=application_id,
        ip_address=_normalized_ip(ip),
        detail=_as_stored_json(detail or {}),
    )


def audit_record_many(entries, *, batch_size: int = 2000) -> int:
    """Append many prepared entries in one go (a set-based service such as the shortlist confirmation, or the
    scale benchmark's seeding), chained exactly as `audit_record` chains them: under the chain's lock, each entry
    is sealed by `audit_seal` to the hash of the one before, so `audit_verify` walks the result. `entries` are
    unsaved AuditEntry objects (`audit_entry` builds them); their time is taken now."""
    entries = list(entries)
    for entry in entries:
        entry.detail = _as_stored_json(entry.detail or {})
        entry.ip_address = _normalized_ip(entry.ip_address)
    if _at_commit():  # as audit_record: written right before the COMMIT, the lock held for that insert only
        for entry in entries:
            transaction.on_commit(PendingAuditEntry(entry))
        return len(entries)
    with transaction.atomic():
        previous = audit_chain_head()
        now = timezone.now().astimezone(UTC)
        for entry in entries:
            entry.at = now
            previous = audit_seal(entry, prev_hash=previous)
        AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def audit_verify(*, anchors: bool = True) -> VerifyResult:
    """Art. 26: walk the whole log in order and check it against the heads anchored outside the database.

    Proves, for the entries up to the newest anchor: none altered, inserted, reordered or deleted (each entry's
    HMAC covers its content and its predecessor's hash, and nobody without the key can recompute it), and the
    log has not lost its end (every anchored head is still there, at its position). Cannot prove: that entries
    written after the newest anchor were not removed from the end (at most `unanchored` entries, since the
    anchor's time), nor anything if the key itself was stolen along with write access to the database.
    `anchors=False` checks the chain alone (a restore checks its head against the backup's manifest instead).
    """
    anchors, anchor_error = _anchors_read() if anchors else ([], "")
    if anchor_error:
        return VerifyResult(ok=False, checked=0, reason=anchor_error, anchors=len(anchors))
    by_id = {anchor["id"]: anchor for anchor in anchors}
    keys = audit_keys()
    expected_prev = GENESIS_HASH
    checked = 0
    last = None

    def broken(entry_id, reason):
        return VerifyResult(ok=False, checked=checked, first_broken_id=entry_id, reason=reason, anchors=len(anchors),
                            anchored_id=last["id"] if last else None, anchored_at=last["at"] if last else "")

    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return broken(entry.pk, _("与前一条记录的链接断开:其前的记录被删除或改动过"))
        if entry.key_id not in keys:
            return broken(entry.pk, _("记录使用了未知的密钥标识,无法校验:该条记录可能被伪造"))
        if not hmac.compare_digest(audit_hash(entry), entry.entry_hash):
            return broken(entry.pk, _("记录内容与其哈希不符:该条记录被改动过"))
        checked += 1
        anchor = by_id.get(entry.pk)
        if anchor is not None:
            if (anchor["hash"], anchor["count"]) != (entry.entry_hash, checked):
                return broken(entry.pk, _("记录与库外锚定的链头不符:日志被改写过"))
            last = anchor
        expected_prev = entry.entry_hash
    newest = max(anchors, key=lambda a: a["id"], default=None)
    if newest is not None and (last is None or newest["id"] != last["id"]):
        return VerifyResult(
            ok=False, checked=checked, first_broken_id=newest["id"], anchors=len(anchors),
            reason=_("库外锚定的第 %(id)s 条记录(共 %(count)s 条,锚定于 %(at)s)已不在日志中:日志末尾的记录丢失或日志被清空")
            % {"id": newest["id"], "count": newest["count"], "at": newest["at"]},
        )
    notes = []
    if last is None:
        notes.append(_("没有库外锚点:无法证明日志末尾的记录未被删除,也无法证明日志未被整体清空"))
    elif checked > last["count"]:
        notes.append(_("最近一次锚定(%(at)s)之后写入的 %(n)s 条记录,若从末尾被删除,无法发现")
                     % {"at": last["at"], "n": checked - last["count"]})
    return VerifyResult(ok=True, checked=checked, anchors=len(anchors), anchored_id=last["id"] if last else None,
                        anchored_at=last["at"] if last else "", unanchored=checked - (last["count"] if last else 0),
                        notes=notes)


def audit_anchor_write() -> dict | None:
    """Append the chain's current head (id, hash, position, time), signed with the audit key, to the anchor file
    in `AUDIT_ANCHOR_DIR`, outside the database. Run by the beat every hour and by `manage.py audit_anchor`.
    Returns the anchor written, or None when the log is empty or the head is already anchored."""
    head = AuditEntry.objects.order_by("-id").values("id", "entry_hash").first()
    if head is None:
        return None
    anchors, _error = _anchors_read()
    if anchors and max(a["id"] for a in anchors) == head["id"]:
        return None
    anchor = {
        "id": head["id"],
        "hash": head["entry_hash"],
        "count": AuditEntry.objects.filter(id__lte=head["id"]).count(),
        "at": datetime.now(UTC).isoformat(timespec="seconds"),
        "key": settings.AUDIT_HMAC_KEY_ID,
    }
    anchor["sig"] = _anchor_signature(anchor, audit_keys()[anchor["key"]])
    directory = Path(settings.AUDIT_ANCHOR_DIR)
    directory.mkdir(parents=True, exist_ok=True)
    descriptor = os.open(directory / ANCHOR_FILE, os.O_WRONLY | os.O_APPEND | os.O_CREAT, 0o600)
    with os.fdopen(descriptor, "a", encoding="utf-8") as handle:
        handle.write(json.dumps(anchor, sort_keys=True) + "\n")
    return anchor


def _anchor_signature(anchor, key):
    signed = {k: anchor[k] for k in ("id", "hash", "count", "at", "key")}
    message = "audit-anchor:" + json.dumps(signed, sort_keys=True)
    return hmac.new(key, message.encode(), hashlib.sha256).hexdigest()


def _anchors_read():
    """The anchors of the anchor file, and an error text if a line is not a validly signed anchor."""
    path = Path(settings.AUDIT_ANCHOR_DIR) / ANCHOR_FILE
    if not path.exists():
        return [], ""
    keys = audit_keys()
    anchors = []
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), start=1):
        if not line.strip():
            continue
        try:
            anchor = json.loads(line)
            valid = hmac.compare_digest(_anchor_signature(anchor, keys[anchor["key"]]), anchor["sig"])
        except (ValueError, KeyError, TypeError):
            valid = False
        if not valid:
            return anchors, _("锚点文件第 %(line)s 行的签名无效:锚点文件被改动过") % {"line": number}
        anchors.append(anchor)
    return anchors, ""


def _lock_chain():
    if connection.vendor == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("SELECT pg_advisory_xact_lock(%s)", [AUDIT_LOCK_KEY])
    # SQLite has a single writer: the demo needs no lock.


def _actor_fields(actor):
    if actor is None:
        return None, SYSTEM_LABEL
    if isinstance(actor, AnonymousUser) or not getattr(actor, "is_authenticated", False):
        return None, PUBLIC_LABEL
    return actor.pk, str(actor) or SYSTEM_LABEL


def _normalized_ip(ip):
    """The address as the database will give it back (or None if it is not an address)."""
    if not ip:
        return None
    try:
        address = ipaddress.ip_address(str(ip).strip())
    except ValueError:
        return None
    if address.version == 6:
        if address.scope_id:
            return None
        return clean_ipv6_address(str(address))
    return str(address)


def _as_stored_json(detail):
    """The detail as it reads back from the JSON column: dates and decimals become strings."""
    return json.loads(json.dumps(detail, cls=DjangoJSONEncoder))
