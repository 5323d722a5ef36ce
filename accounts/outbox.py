"""The one transactional outbox hand-off (SPEC §11, issue 13): notifications, survey invitations, certificates.

An outbox is a table whose rows are work for Celery: the row is written in the same transaction as the change
that causes it, `outbox_queue` hands it to the broker only after the commit, and `outboxes_relay` (the beat task
`accounts.tasks.task_relay_outbox`, every 30 s, or `manage.py relay_outbox`) hands over again what the broker
never took (Redis down at commit) or lost (Redis keeps nothing on restart). Every row has a unique delivery key
(the notification's `delivery_key`, the respondent's token, the certificate's number) and its send task locks the
row and finds it done, so a row queued twice is delivered once.

Each outbox's table has `created_at` and `relayed_at`; its app describes it with an `Outbox` and registers it
(`outbox_register`) in the module that defines its send, which its `tasks.py` imports — so the worker, the beat
and the web process all know every outbox. Tasks are queued by name (accounts.dispatch).
"""
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from functools import partial

from django.db import models, transaction
from django.db.models import Q
from django.utils import timezone

from accounts.broker import broker_hand_off
from accounts.dispatch import task_named

# A row never handed over is relayed once it is this old (younger ones still wait for their on_commit hand-off).
RELAY_MIN_AGE = timedelta(seconds=10)
# A row handed over but still undelivered after this long was lost by the broker (Redis keeps nothing on restart).
RELAY_STALE_AFTER = timedelta(minutes=5)
# Past this many failed sends the relay stops queueing a row; the office sees last_error in the admin.
RELAY_MAX_ATTEMPTS = 20
# Rows handed over per outbox and relay run.
RELAY_BATCH = 500


@dataclass(frozen=True)
class Outbox:
    """One outbox: its rows (`model`, narrowed by `undelivered` to those still to deliver), the task that
    delivers one row (queued by `task` name with `{id_argument: pk}`), and how one row and a count of rows are
    called in the log and in `manage.py relay_outbox` (`label`, `counted` with `{n}`)."""

    name: str
    model: type[models.Model]
    task: str
    id_argument: str
    undelivered: Callable[[models.QuerySet], models.QuerySet]
    label: str
    counted: str
    min_age: timedelta = RELAY_MIN_AGE
    stale_after: timedelta = RELAY_STALE_AFTER


OUTBOXES: dict[str, Outbox] = {}


def outbox_register(outbox: Outbox) -> Outbox:
    """Make `outbox` known to the relay; registering the same name again replaces it (a module reloaded)."""
    OUTBOXES[outbox.name] = outbox
    return outbox


def outbox_queue(outbox: Outbox, *, pk) -> None:
    """Hand the row `pk` to Celery after the current transaction commits (nothing if it rolls back).

    Call it in the transaction that writes the row. `robust`: an error after the commit is logged, never turned
    into a failed request; the relay picks the row up.
    """
    transaction.on_commit(partial(outbox_hand_off, outbox, pk=pk), robust=True)


def outbox_queue_many(outbox: Outbox, *, pks) -> None:
    """`outbox_queue` for many rows: one after-commit callback hands them over in turn and marks the ones handed
    over in one UPDATE."""
    if pks:
        transaction.on_commit(partial(outbox_hand_off_many, outbox, pks=list(pks)), robust=True)


def outbox_hand_off_many(outbox: Outbox, *, pks) -> int:
    """Queue each row's task now (as outbox_hand_off, whose broker errors leave a row for the relay); returns how
    many were handed over."""
    task = task_named(outbox.task)
    handed = [pk for pk in pks
              if broker_hand_off(task, kwargs={outbox.id_argument: pk}, what=f"{outbox.label} {pk}")]
    if handed:
        outbox.model.objects.filter(pk__in=handed).update(relayed_at=timezone.now())
    return len(handed)


def outbox_hand_off(outbox: Outbox, *, pk) -> bool:
    """Queue the row's task now; on a broker error log it and leave the row for the relay. Sets `relayed_at`
    once handed over. Never retries or blocks beyond the broker's short socket timeouts, and within a request only
    the first hand-off waits on a broken broker (accounts/broker.py)."""
    if not broker_hand_off(task_named(outbox.task), kwargs={outbox.id_argument: pk}, what=f"{outbox.label} {pk}"):
        return False
    outbox.model.objects.filter(pk=pk).update(relayed_at=timezone.now())
    return True


def outbox_relay(outbox: Outbox, *, min_age: timedelta | None = None, stale_after: timedelta | None = None) -> int:
    """Hand `outbox`'s undelivered rows to Celery again; returns how many were handed over.

    Picks rows never handed over and older than `min_age`, and rows handed over longer than `stale_after` ago but
    still undelivered (the broker lost them); the outbox's own ages by default. Duplicates are harmless: the
    delivery is idempotent. Stops at the first broker error.
    """
    now = timezone.now()
    min_age = outbox.min_age if min_age is None else min_age
    stale_after = outbox.stale_after if stale_after is None else stale_after
    pending = (
        outbox.undelivered(outbox.model.objects.all())
        .filter(Q(relayed_at__isnull=True, created_at__lte=now - min_age) | Q(relayed_at__lte=now - stale_after))
        .order_by("created_at", "pk")
        .values_list("pk", flat=True)[:RELAY_BATCH]
    )
    relayed = 0
    for pk in list(pending):
        if not outbox_hand_off(outbox, pk=pk):
            break
        relayed += 1
    return relayed


def outboxes_relay(*, at_once: bool = False) -> dict[str, int]:
    """Relay every registered outbox (`at_once`: every undelivered row, not waiting for its ages, as after a
    Redis restart); returns how many rows each handed over, by outbox name."""
    ages = {"min_age": timedelta(0), "stale_after": timedelta(0)} if at_once else {}
    return {name: outbox_relay(outbox, **ages) for name, outbox in OUTBOXES.items()}
