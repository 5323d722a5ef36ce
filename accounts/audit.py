"""The append-only, hash-chained audit log (SPEC §14, Art. 11, 26).

Every state change, assignment, score, recusal, decision and every view or download of an applicant's files is
recorded with `audit_record`: who, when, what, from where. Each entry carries the hash of the one before, so
`audit_verify` finds an entry that was altered or deleted afterwards. On PostgreSQL a trigger (migration
accounts/0002) refuses UPDATE and DELETE of the table; nobody edits the log.
"""
import ipaddress
import json
from dataclasses import dataclass
from datetime import UTC

from django.contrib.auth.models import AnonymousUser
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


@dataclass(frozen=True)
class VerifyResult:
    ok: bool
    checked: int
    first_broken_id: int | None = None
    reason: str = ""


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
    actor_id, actor_label = _actor_fields(actor)
    entry = AuditEntry(
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
    with transaction.atomic():
        _lock_chain()
        previous = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first()
        entry.prev_hash = previous or GENESIS_HASH
        # Taken under the lock so the log's times never run backwards; UTC with microseconds is exactly what
        # the database gives back, so the hash recomputed from a read row matches.
        entry.at = timezone.now().astimezone(UTC)
        entry.entry_hash = entry.compute_hash()
        entry.save(force_insert=True)
    return entry


def audit_record_many(entries, *, batch_size: int = 2000) -> int:
    """Append many prepared entries in one go (the scale benchmark's seeding; data migrations), chained exactly
    as `audit_record` chains them: under the same lock, each entry's `prev_hash` is the hash of the one before and
    its own hash is computed by the entry's hash function, so `audit_verify` walks the result. `entries` are
    unsaved AuditEntry objects with their fields set; their `at` is kept if given (UTC), else taken now."""
    entries = list(entries)
    with transaction.atomic():
        _lock_chain()
        previous = AuditEntry.objects.order_by("-id").values_list("entry_hash", flat=True).first() or GENESIS_HASH
        now = timezone.now().astimezone(UTC)
        for entry in entries:
            entry.detail = _as_stored_json(entry.detail or {})
            entry.ip_address = _normalized_ip(entry.ip_address)
            entry.at = (entry.at or now).astimezone(UTC)
            entry.prev_hash = previous
            entry.entry_hash = entry.compute_hash()
            previous = entry.entry_hash
        AuditEntry.objects.bulk_create(entries, batch_size=batch_size)
    return len(entries)


def audit_verify() -> VerifyResult:
    """Art. 26: walk the whole log in order and report the first entry whose content or link does not hold.

    An altered entry no longer matches its own hash; a deleted entry leaves the next one pointing at a hash
    that is not its predecessor's. (Deleting the newest entries leaves no successor to notice; the trigger
    that refuses DELETE is what guards the tail.)
    """
    expected_prev = GENESIS_HASH
    checked = 0
    for entry in AuditEntry.objects.order_by("id").iterator(chunk_size=2000):
        if entry.prev_hash != expected_prev:
            return VerifyResult(
                ok=False,
                checked=checked,
                first_broken_id=entry.pk,
                reason=_("与前一条记录的链接断开:其前的记录被删除或改动过"),
            )
        if entry.compute_hash() != entry.entry_hash:
            return VerifyResult(
                ok=False,
                checked=checked,
                first_broken_id=entry.pk,
                reason=_("记录内容与其哈希不符:该条记录被改动过"),
            )
        expected_prev = entry.entry_hash
        checked += 1
    return VerifyResult(ok=True, checked=checked)


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
