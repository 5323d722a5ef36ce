"""PostgreSQL roles: an owner that runs the migrations and owns every table, and the app role the web and the
workers connect as (issue 11, 等保 2.0 security audit: the log resists its own database account).

The app role reads and writes the tables it needs, but holds no TRUNCATE anywhere and only SELECT and INSERT on
the audit log; it owns nothing, so it cannot switch the append-only triggers off either. `db_roles_apply` is
idempotent: run it (`manage.py db_roles`) as a superuser once, and again after migrations if you like.
"""
import re

from django.db import connection as default_connection

AUDIT_TABLE = "accounts_auditentry"
ROLE_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")
APP_TABLE_PRIVILEGES = "SELECT, INSERT, UPDATE, DELETE"


def db_roles_apply(*, owner: str, app: str, owner_password: str = "", app_password: str = "",
                   connection=default_connection) -> None:
    """Create `owner` and `app` if missing, give `owner` every table, sequence and function of the public schema,
    and grant `app` what the web needs (see the module docstring). Must run as a superuser (or CREATEROLE role
    owning the objects)."""
    for name in (owner, app):
        if not ROLE_NAME.match(name):
            raise ValueError(f"role names are lower-case identifiers, not {name!r}")
    if owner == app:
        raise ValueError("the owner and the app role must differ")
    with connection.cursor() as cursor:
        database = connection.settings_dict["NAME"]
        for name, password in ((owner, owner_password), (app, app_password)):
            _role_ensure(cursor, name)
            if password:
                cursor.execute(f'ALTER ROLE "{name}" PASSWORD %s', [password])
        cursor.execute(f'REVOKE "{owner}" FROM "{app}"')
        cursor.execute(f'GRANT CONNECT, TEMPORARY ON DATABASE "{database}" TO "{owner}", "{app}"')
        cursor.execute(f'GRANT USAGE, CREATE ON SCHEMA public TO "{owner}"')
        cursor.execute(f'GRANT USAGE ON SCHEMA public TO "{app}"')
        for kind, catalogue in (("TABLE", "pg_tables"),):
            cursor.execute(f"SELECT tablename FROM {catalogue} WHERE schemaname = 'public' AND tableowner <> %s",
                           [owner])
            for (table,) in cursor.fetchall():
                cursor.execute(f'ALTER {kind} public."{table}" OWNER TO "{owner}"')
        cursor.execute(
            "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = 'public' AND c.relkind = 'S' AND pg_get_userbyid(c.relowner) <> %s "
            "AND NOT EXISTS (SELECT 1 FROM pg_depend d WHERE d.objid = c.oid AND d.deptype IN ('a', 'i'))",
            [owner],
        )
        for (sequence,) in cursor.fetchall():
            cursor.execute(f'ALTER SEQUENCE public."{sequence}" OWNER TO "{owner}"')
        cursor.execute(
            "SELECT p.oid::regprocedure::text FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace "
            "WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) <> %s", [owner],
        )
        for (function,) in cursor.fetchall():
            cursor.execute(f'ALTER FUNCTION {function} OWNER TO "{owner}"')
        cursor.execute(f'GRANT {APP_TABLE_PRIVILEGES} ON ALL TABLES IN SCHEMA public TO "{app}"')
        cursor.execute(f'GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO "{app}"')
        cursor.execute(f'REVOKE TRUNCATE, REFERENCES, TRIGGER ON ALL TABLES IN SCHEMA public FROM "{app}"')
        cursor.execute(f'REVOKE UPDATE, DELETE ON public."{AUDIT_TABLE}" FROM "{app}"')
        cursor.execute(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
                       f'GRANT {APP_TABLE_PRIVILEGES} ON TABLES TO "{app}"')
        cursor.execute(f'ALTER DEFAULT PRIVILEGES FOR ROLE "{owner}" IN SCHEMA public '
                       f'GRANT USAGE, SELECT, UPDATE ON SEQUENCES TO "{app}"')


def db_roles_problems(*, app: str, connection=default_connection) -> list[str]:
    """What the app role could do to the audit log that it must not (empty when the setup holds)."""
    problems = []
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tableowner = %s FROM pg_tables WHERE schemaname = 'public' AND tablename = %s", [app, AUDIT_TABLE]
        )
        row = cursor.fetchone()
        if row is None:
            return [f"table {AUDIT_TABLE} not found"]
        if row[0]:
            problems.append(f"{app} owns {AUDIT_TABLE}")
        for privilege in ("UPDATE", "DELETE", "TRUNCATE"):
            cursor.execute("SELECT has_table_privilege(%s, %s, %s)", [app, f"public.{AUDIT_TABLE}", privilege])
            if cursor.fetchone()[0]:
                problems.append(f"{app} may {privilege} {AUDIT_TABLE}")
        cursor.execute("SELECT rolsuper OR rolbypassrls FROM pg_roles WHERE rolname = %s", [app])
        row = cursor.fetchone()
        if row is None or row[0]:
            problems.append(f"{app} is missing or a superuser")
    return problems


def _role_ensure(cursor, name):
    cursor.execute("SELECT 1 FROM pg_roles WHERE rolname = %s", [name])
    if cursor.fetchone() is None:
        cursor.execute(f'CREATE ROLE "{name}" LOGIN NOSUPERUSER NOCREATEDB NOCREATEROLE NOBYPASSRLS')
