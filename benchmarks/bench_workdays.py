"""Notice windows in PRC working days (award.workdays): computed on every notice page and publication."""
import datetime
import time

from award.workdays import notice_end_date

DAYS = 354


def bench_notice_end_dates_for_a_year():
    """The end of a 5-working-day window for every start day of 2026 up to 20 December (later ones reach 2027,
    which chinesecalendar does not know yet)."""
    start = datetime.date(2026, 1, 1)
    started = time.perf_counter()
    for offset in range(DAYS):
        notice_end_date(start=start + datetime.timedelta(days=offset), working_days=5)
    elapsed = time.perf_counter() - started
    return {f"{DAYS} windows (s)": elapsed, "per window (µs)": elapsed / DAYS * 1e6}
