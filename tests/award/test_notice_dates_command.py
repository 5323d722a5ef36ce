"""`manage.py notice_dates START_DATE DAYS` (Art. 19(六), SPEC §9)."""
import os
import subprocess
import sys
from io import StringIO
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import CommandError, call_command
from django.db import connection

MANAGE_PY = Path(settings.BASE_DIR) / "manage.py"


def run_command(*args):
    out, err = StringIO(), StringIO()
    call_command("notice_dates", *args, stdout=out, stderr=err)
    return out.getvalue(), err.getvalue()


def run_manage_py(*args, database_name=None):
    env = dict(os.environ, DJANGO_SETTINGS_MODULE="config.settings.test")
    if database_name:
        db = connection.settings_dict
        env["DATABASE_URL"] = f"postgres://{db['USER']}@{db['HOST']}:{db['PORT']}/{database_name}"
    return subprocess.run(
        [sys.executable, str(MANAGE_PY), "notice_dates", *args],
        capture_output=True,
        text=True,
        env=env,
        cwd=MANAGE_PY.parent,
        timeout=60,
    )


def test_notice_dates_prints_end_date_across_national_day():
    # Art. 19(六): Mon 28 Sep 2026 + 5 working days, across the National Day holiday.
    out, err = run_command("2026-09-28", "5")

    assert out == "2026-10-09\n"
    assert err == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (("2026-02-30", "5"), "日期“2026-02-30”无效,请按 YYYY-MM-DD 格式填写,例如 2026-09-28。"),
        (("28/09/2026", "5"), "日期“28/09/2026”无效,请按 YYYY-MM-DD 格式填写,例如 2026-09-28。"),
        (("2026-09-28", "0"), "工作日天数“0”无效,请填写不小于1的整数。"),
        (("2026-09-28", "five"), "工作日天数“five”无效,请填写不小于1的整数。"),
    ],
    ids=["no-such-day", "wrong-format", "zero-days", "not-a-number"],
)
def test_notice_dates_bad_input_says_why(args, message):
    with pytest.raises(CommandError) as excinfo:
        run_command(*args)

    assert str(excinfo.value) == message


@pytest.mark.django_db
def test_notice_dates_unknown_year_says_enter_schedule_first():
    with pytest.raises(CommandError) as excinfo:
        run_command("2031-04-28", "5")

    assert str(excinfo.value).startswith("系统尚不掌握2031年的国务院节假日安排")


def test_notice_dates_process_exits_zero_with_date_on_stdout():
    result = run_manage_py("2026-02-12", "5")

    assert (result.returncode, result.stdout, result.stderr) == (0, "2026-02-25\n", "")


def test_notice_dates_process_bad_date_exits_nonzero_with_reason_on_stderr():
    result = run_manage_py("2026-13-01", "5")

    assert result.returncode != 0
    assert result.stdout == ""
    assert "日期“2026-13-01”无效" in result.stderr


@pytest.mark.django_db
def test_notice_dates_process_unknown_year_exits_nonzero():
    # The subprocess reads the test database, where no CalendarYear for 2031 exists.
    result = run_manage_py("2031-04-28", "5", database_name=connection.settings_dict["NAME"])

    assert result.returncode != 0
    assert result.stdout == ""
    assert "2031年的国务院节假日安排" in result.stderr
