"""Date arithmetic of the award cycle in one place: years (and months) counted by anniversary, an award's
validity, and the objection window of a public notice.

Counting years: a period of N years from day D is complete on the same calendar day N years later; a period that
starts on 29 February ends on 28 February when the target year has no 29 February (《民法典》第二百零二条: "没有对应日的,
月末日为期间的最后一日"). Working days (Art. 19's 工作日) are counted in `workdays`.
"""
import datetime

from django.utils import timezone


def add_years(day, years):
    """The same calendar day `years` later; 29 February becomes 28 February in a year without it (see module doc)."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return datetime.date(day.year + years, 2, 28)


def add_months(day, months):
    """The same day `months` later, or the month's last day when it has no such day (31 January + 1 month is
    28 or 29 February), as `add_years` does for 29 February; the periodic visits to winners use it (Art. 22)."""
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    for d in (day.day, 30, 29, 28):
        try:
            return day.replace(year=year, month=month, day=d)
        except ValueError:
            continue
    raise ValueError(day)


def award_valid_until(awarded_on, validity_years):
    """Art. 6: valid for `validity_years` years from the award date, the last day included."""
    return add_years(awarded_on, validity_years) - datetime.timedelta(days=1)


def objection_window_state(notice, *, now=None):
    """"before", "open" or "closed": objections are accepted from the first day of the window until 23:59:59
    (Asia/Shanghai) of its last day (Art. 19(六))."""
    day = timezone.localtime(now or timezone.now()).date()
    if day < notice.starts_on:
        return "before"
    if day > notice.ends_on:
        return "closed"
    return "open"
