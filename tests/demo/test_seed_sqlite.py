"""The first command of the README runs on the embedded default, SQLite with Celery in-process: the demo must seed
there as on PostgreSQL (the set-based review SQL once broke it — review/services/recompute_portable.py)."""
import os
import subprocess
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[2]


def test_the_demo_seeds_on_sqlite(tmp_path):
    env = {**os.environ, "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}", "REDIS_URL": "",
           "DJANGO_SETTINGS_MODULE": "config.settings.local"}
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)  # the browser tests' setting, not the demo's

    def manage(*args):
        return subprocess.run([sys.executable, "manage.py", *args], cwd=REPO, env=env, capture_output=True,
                              text=True, timeout=600)

    migrated = manage("migrate", "--noinput", "-v0")
    seeded = manage("seed_demo")
    checked = manage("shell", "-c", "from award.models import Application; from review.models import "
                     "DocumentResult; print(Application.objects.count(), DocumentResult.objects.count())")

    assert migrated.returncode == 0, migrated.stderr[-2000:]
    assert seeded.returncode == 0, seeded.stderr[-2000:]
    applications, results = map(int, checked.stdout.splitlines()[-1].split())
    assert applications > 0 and results > 0  # the demo's document review produced its results on SQLite
