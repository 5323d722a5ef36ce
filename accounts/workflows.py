"""One way to move a state (STYLE §2): `transition` locks the row, checks the edge against the app's plain-data
table (`<app>/workflows.py`), saves, writes the audit entry and queues the edge's notifications, in the caller's
transaction. Nothing else assigns a workflow's state field (tests/test_layering.py checks it).

A refused edge raises `accounts.refusals.WorkflowError`, the one refusal every service raises.
"""
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass

from django.db import transaction
from django.utils.translation import gettext as _

from .audit import audit_entry, audit_record, audit_record_many
from .notifications import notify
from .refusals import WorkflowError

__all__ = ["Workflow", "WorkflowError", "transition", "transition_many", "transition_rows"]


def _no_ids(obj) -> dict:
    return {}


@dataclass(frozen=True)
class Workflow:
    """A stateful model's workflow as data: `transitions[from] = {to, ...}`; `name` prefixes the audit action
    (`complaint` → `complaint.accepted`); `refusal` is said when an edge is not in the table (with %(state)s, the
    current state's label, and %(to)s); `ids(obj)` gives the audit entry's cycle_id / application_id."""

    model: type
    transitions: Mapping
    name: str
    refusal: str = ""
    field: str = "state"
    related: tuple = ()
    ids: Callable = _no_ids
    # Whether the audit entry's detail records the edge ({"from": ..., "to": ...}).
    audit_edge: bool = True
    choices: type | None = None

    def allows(self, from_state, to_state, *, extra: Mapping | None = None) -> bool:
        return to_state in self.targets(from_state, extra=extra)

    def targets(self, from_state, *, extra: Mapping | None = None) -> set:
        return set(self.transitions.get(from_state, ())) | set((extra or {}).get(from_state, ()))

    def sources(self, to_state) -> frozenset:
        """Every state from which the table allows `to_state` (e.g. what may still be withdrawn)."""
        return frozenset(s for s, targets in self.transitions.items() if to_state in targets)

    def check(self, from_state, to_state, *, extra: Mapping | None = None, refusal: str | None = None):
        """Raise WorkflowError unless the table (or `extra`) has the edge."""
        if not self.allows(from_state, to_state, extra=extra):
            message = refusal or self.refusal or _("当前状态为“%(state)s”,不能变更为“%(to)s”。")
            raise WorkflowError(message % {"state": self.label(from_state), "to": self.label(to_state)})

    def label(self, state) -> str:
        choices = self.choices or self.model._meta.get_field(self.field).choices
        return str(dict(choices).get(state, state))


def transition(
    workflow: Workflow, obj, to, *, by, locked: bool = False, fields: Mapping | None = None,
    update_fields: Iterable[str] | None = None, action: str | None = None, detail: Mapping | None = None,
    ip=None, extra: Mapping | None = None, refusal: str | None = None, audit_ids: Mapping | None = None,
    notices: Callable | Iterable = (),
):
    """Move `obj` along the edge (its state → `to`) if `workflow`'s table (or `extra`) has it, else raise
    WorkflowError. Sets `fields` with the state, saves (only `update_fields` and those when given), writes the
    audit entry (`action`, default `<name>.<to>`) and queues `notices` (notify() keyword dicts, or a function of
    the saved row returning them) — all in one transaction. Returns the saved row; `locked` says the caller has
    already locked and loaded it; `audit_ids` replaces `workflow.ids(row)` when the caller knows them."""
    with transaction.atomic():
        row = obj if locked else (
            workflow.model.objects.select_for_update().select_related(*workflow.related).get(pk=obj.pk)
        )
        before = getattr(row, workflow.field)
        workflow.check(before, to, extra=extra, refusal=refusal)
        for name, value in (fields or {}).items():
            setattr(row, name, value)
        setattr(row, workflow.field, to)
        if update_fields is None:
            row.save()
        else:
            row.save(update_fields=[workflow.field, *(fields or {}), *update_fields])
        edge = {"from": before, "to": to} if workflow.audit_edge else {}
        ids = workflow.ids(row) if audit_ids is None else audit_ids
        audit_record(action=action or f"{workflow.name}.{to}", actor=by, obj=row, ip=ip, **ids,
                     detail={**edge, **(detail or {})})
        for notice in (notices(row) if callable(notices) else notices):
            notify(**notice)
    if obj is not row:  # the caller's copy says what was saved, too
        for name, value in {**(fields or {}), workflow.field: to}.items():
            setattr(obj, name, value)
    return row


def transition_rows(workflow: Workflow, rows, to, **fields) -> int:
    """Move every row of the queryset `rows` whose state the table lets go to `to`, in one UPDATE; returns how
    many moved. The caller writes one audit entry for the batch (e.g. scorecards voided with their assignment)."""
    return rows.filter(**{f"{workflow.field}__in": workflow.sources(to)}).update(**{workflow.field: to}, **fields)


def transition_many(workflow: Workflow, objs, to, *, by, fields: Mapping | None = None, detail: Callable | None = None,
                    ip=None, only: Iterable[str] = ()) -> list:
    """`transition` for many rows at once, in a fixed number of queries: lock them (in id order), check every
    edge (one refused edge refuses them all, nothing changed), move them in one UPDATE with `fields`, and append
    one audit entry per row (`<name>.<to>`, the edge and `detail(row)`) in one chained insert. Returns the rows,
    as saved; `only` loads just those fields with the state (what `detail` and `workflow.ids` read). No notices: the caller sends them in bulk (accounts.notifications.notify_many)."""
    pks = [obj.pk for obj in objs]
    if not pks:
        return []
    with transaction.atomic():
        rows = workflow.model.objects.select_for_update().select_related(*workflow.related).filter(pk__in=pks)
        if only:
            rows = rows.only(workflow.field, *only)
        rows = list(rows.order_by("pk"))
        before = {row.pk: getattr(row, workflow.field) for row in rows}
        for row in rows:
            workflow.check(before[row.pk], to)
        workflow.model.objects.filter(pk__in=pks).update(**{workflow.field: to}, **(fields or {}))
        entries = []
        for row in rows:
            for name, value in {**(fields or {}), workflow.field: to}.items():
                setattr(row, name, value)
            edge = {"from": before[row.pk], "to": to} if workflow.audit_edge else {}
            entries.append(audit_entry(action=f"{workflow.name}.{to}", actor=by, obj=row, ip=ip,
                                       **workflow.ids(row), detail={**edge, **(detail(row) if detail else {})}))
        audit_record_many(entries)
    return rows
