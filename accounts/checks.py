"""System checks of the accounts app (issue 11, finding 4: the app connected as a superuser that owned the audit
table). `manage.py check --deploy --database default` warns when the role the app connects as could rewrite,
empty or switch off the audit log: it owns the table, may UPDATE, DELETE or TRUNCATE it, or is a superuser."""
from django.core.checks import Tags, Warning, register
from django.db import connections

from .dbroles import db_roles_problems


@register(Tags.database, deploy=True)
def audit_log_role_check(app_configs=None, databases=None, **kwargs):
    """Runs only when asked for the database (`--database default`), as Django's database checks do."""
    warnings = []
    for alias in databases or ():
        connection = connections[alias]
        if connection.vendor != "postgresql":
            continue
        with connection.cursor() as cursor:
            cursor.execute("SELECT current_user")
            [role] = cursor.fetchone()
        warnings += [
            Warning(f"The app connects to {alias!r} as {role!r}, which can tamper with the audit log: {problem}.",
                    hint="Run `manage.py db_roles` as a superuser and connect as its app role (README, "
                         "Security hardening).", id="accounts.W001")
            for problem in db_roles_problems(app=role, connection=connection)
        ]
    return warnings
