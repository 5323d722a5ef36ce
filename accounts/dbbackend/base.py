"""Django's PostgreSQL backend with one addition: before a transaction commits, the audit entries recorded in it
(waiting among its on-commit hooks as `PendingAuditEntry`) are chained and inserted, so the audit chain's lock is
held for that insert and the commit only (issue 12). Settings pick it for a postgres DATABASE_URL."""
from django.db.backends.postgresql import base


class DatabaseWrapper(base.DatabaseWrapper):
    writes_audit_at_commit = True

    def commit(self):
        pending = [hook for _sids, hook, _robust in self.run_on_commit if getattr(hook, "audit_pending", False)]
        if pending:
            pending[0].write_all(pending)
        super().commit()
