"""Working days by the PRC calendar, for public notice windows (SPEC §9, Art. 19(六)).

Art. 19(六): the proposed award list is on public notice for 5 working days. A working day is what the State
Council's holiday schedule says it is: public holidays are not working days even on a weekday, and make-up working
days (调休) are working days even on a weekend.

Two sources, in this order:

1. chinesecalendar (`chinese_calendar.is_workday`) for the years it ships data for;
2. for any other year, the office's own entry of that year's schedule (`award.models.CalendarYear` and its
   `CalendarDay` rows). A year counts as known only once its `CalendarYear` row exists; a `CalendarDay` overrides
   the Monday–Friday rule for its date, every other date follows it.

If neither source knows a year, the count stops with `CalendarUnknown`: a notice window is a legal deadline, so the
system never guesses.
"""
from datetime import date, datetime, timedelta

import chinese_calendar
from django.utils.translation import gettext

from .models import CalendarYear

__all__ = ["CalendarUnknown", "WorkingDayCalendar", "is_working_day", "notice_end_date"]


class CalendarUnknown(ValueError):
    """Neither chinesecalendar nor the office's entries know the holiday schedule of `year`."""

    def __init__(self, year):
        self.year = year
        super().__init__(
            gettext(
                "系统尚不掌握%(year)s年的国务院节假日安排,无法计算工作日。"
                "请领导小组办公室先录入并确认%(year)s年的节假日和调休安排后再试。"
            )
            % {"year": year}
        )


class WorkingDayCalendar:
    """Answers "is this a working day?", reading the database at most once per year it is asked about.

    Make one per computation: it caches the office's entries, so a long-lived instance would not see new ones.
    """

    def __init__(self):
        # year -> None when chinesecalendar covers it, else {date: is_working_day} from the office's entries.
        self._years = {}

    def is_working_day(self, day):
        if isinstance(day, datetime) or not isinstance(day, date):
            raise TypeError("day must be a datetime.date")
        if day.year not in self._years:
            self._years[day.year] = self._load_year(day)
        overrides = self._years[day.year]
        if overrides is None:
            return chinese_calendar.is_workday(day)
        if day in overrides:
            return overrides[day]
        return day.weekday() < 5

    @staticmethod
    def _load_year(day):
        try:
            chinese_calendar.is_workday(day)
        except NotImplementedError:
            pass
        else:
            return None
        year = day.year
        # One query: this year's entry (does the office know the year?) and the next year's entry, whose
        # schedule may move days at the end of this year (e.g. a New Year make-up day in late December).
        rows = CalendarYear.objects.filter(year__in=(year, year + 1)).values_list(
            "year", "days__date", "days__is_working_day"
        )
        known = False
        overrides = {}
        for entry_year, day_date, is_working in rows:
            known = known or entry_year == year
            if day_date is not None and day_date.year == year:
                overrides[day_date] = is_working
        if not known:
            raise CalendarUnknown(year)
        return overrides


def is_working_day(day):
    """Whether `day` is a working day by the State Council's schedule (or the office's entry of it).

    Raises CalendarUnknown when neither source knows the year.
    """
    return WorkingDayCalendar().is_working_day(day)


def notice_end_date(*, start, working_days):
    """Art. 19(六), SPEC §9: the last day of a notice window of `working_days` working days published on `start`.

    The publication day counts when it is itself a working day; otherwise the count starts on the next working day.
    The window ends at the end of the returned day. Raises ValueError for fewer than 1 working day and
    CalendarUnknown when a year the window touches has no known holiday schedule.
    """
    if isinstance(start, datetime) or not isinstance(start, date):
        raise TypeError("start must be a datetime.date")
    if isinstance(working_days, bool) or not isinstance(working_days, int) or working_days < 1:
        raise ValueError(gettext("公示期的工作日天数必须是不小于1的整数。"))
    calendar = WorkingDayCalendar()
    day = start
    counted = 0
    while True:
        if calendar.is_working_day(day):
            counted += 1
            if counted == working_days:
                return day
        day += timedelta(days=1)
