"""award/dates.py: the one place for the cycle's date arithmetic (issue 13)."""
import datetime

import pytest

from award.dates import add_months

D = datetime.date


@pytest.mark.parametrize(
    ("day", "months", "expected"),
    [
        (D(2026, 3, 15), 12, D(2027, 3, 15)),
        (D(2026, 11, 30), 3, D(2027, 2, 28)),
        (D(2027, 12, 31), 2, D(2028, 2, 29)),
        (D(2026, 1, 31), 1, D(2026, 2, 28)),
    ],
    ids=["a-year", "into-february", "into-a-leap-february", "end-of-month"],
)
def test_add_months_keeps_the_day_or_takes_the_months_last_day(day, months, expected):
    # Art. 22: periodic visits every N months from the first visit.
    assert add_months(day, months) == expected
