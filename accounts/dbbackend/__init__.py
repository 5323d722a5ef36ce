"""PostgreSQL, with the audit log's entries written right before each COMMIT (accounts.audit.audit_record)."""
