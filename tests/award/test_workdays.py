"""Public notice windows by the PRC working-day calendar (Art. 19(六), SPEC §9)."""
from datetime import date

import chinese_calendar
import pytest

from accounts.models import User
from award.models import CalendarDay, CalendarYear
from award.workdays import CalendarUnknown, is_working_day, notice_end_date

# The 2026 schedule as chinesecalendar ships it (State Council notice of 2025), checked here so a data change in the
# library shows up as a failing premise rather than as a silently different notice window.
SPRING_FESTIVAL_2026_HOLIDAYS = [date(2026, 2, day) for day in range(15, 24)]
SPRING_FESTIVAL_2026_MAKEUP = [date(2026, 2, 14), date(2026, 2, 28)]
NATIONAL_DAY_2026_HOLIDAYS = [date(2026, 10, day) for day in range(1, 8)]
NATIONAL_DAY_2026_MAKEUP = [date(2026, 9, 20), date(2026, 10, 10)]


def make_calendar_year(year, days=()):
    """The office's entry of a year's schedule: `days` is a list of (date, is_working_day)."""
    user, _ = User.objects.get_or_create(username="office-calendar", defaults={"role": "office"})
    calendar_year = CalendarYear.objects.create(year=year, source=f"国办发明电〔{year - 1}〕1号", confirmed_by=user)
    for day, working in days:
        CalendarDay.objects.create(calendar_year=calendar_year, date=day, is_working_day=working)
    return calendar_year


def test_chinesecalendar_premise_2026_schedule():
    # Art. 19(六): the premise the tests below rest on, straight from the library.
    assert [chinese_calendar.is_workday(d) for d in SPRING_FESTIVAL_2026_HOLIDAYS] == [False] * 9
    assert [chinese_calendar.is_workday(d) for d in SPRING_FESTIVAL_2026_MAKEUP] == [True, True]
    assert [chinese_calendar.is_workday(d) for d in NATIONAL_DAY_2026_HOLIDAYS] == [False] * 7
    assert [chinese_calendar.is_workday(d) for d in NATIONAL_DAY_2026_MAKEUP] == [True, True]
    assert [d.weekday() for d in SPRING_FESTIVAL_2026_MAKEUP + NATIONAL_DAY_2026_MAKEUP] == [5, 5, 6, 5]


@pytest.mark.parametrize(
    ("day", "expected"),
    [
        (date(2026, 2, 14), True),  # Saturday, make-up working day
        (date(2026, 2, 16), False),  # Monday in the Spring Festival holiday
        (date(2026, 9, 20), True),  # Sunday, make-up working day
        (date(2026, 10, 5), False),  # Monday in the National Day holiday
        (date(2026, 3, 7), False),  # ordinary Saturday
        (date(2026, 3, 9), True),  # ordinary Monday
    ],
    ids=["makeup-saturday", "holiday-monday", "makeup-sunday", "national-day-monday", "saturday", "monday"],
)
def test_is_working_day_follows_state_council_schedule(day, expected):
    # SPEC §9: holidays and make-up working days (调休) as the State Council set them. No database needed.
    assert is_working_day(day) is expected


@pytest.mark.parametrize(
    ("start", "working_days", "expected"),
    [
        # A Monday counts itself: Mon..Fri.
        (date(2026, 3, 2), 5, date(2026, 3, 6)),
        (date(2026, 3, 2), 1, date(2026, 3, 2)),
        # Published on a Saturday: the count starts on Monday.
        (date(2026, 3, 7), 5, date(2026, 3, 13)),
        (date(2026, 3, 8), 1, date(2026, 3, 9)),
        # Thu 12 Feb: 12, 13, Sat 14 (make-up), then the holiday 15–23, then 24, 25.
        (date(2026, 2, 12), 5, date(2026, 2, 25)),
        # Published on the make-up Saturday itself: it counts.
        (date(2026, 2, 14), 1, date(2026, 2, 14)),
        # Published during the holiday: 24, 25, 26, 27, Sat 28 (make-up).
        (date(2026, 2, 16), 5, date(2026, 2, 28)),
        # Fri 18 Sep: 18, Sun 20 (make-up), 21, 22, 23 — Sat 19 is not a working day.
        (date(2026, 9, 18), 5, date(2026, 9, 23)),
        # Mon 28 Sep: 28, 29, 30, then the holiday 1–7 Oct, then 8, 9.
        (date(2026, 9, 28), 5, date(2026, 10, 9)),
        # Thu 8 Oct: 8, 9, Sat 10 (make-up), 12, 13.
        (date(2026, 10, 8), 5, date(2026, 10, 13)),
    ],
    ids=[
        "monday-counts-itself",
        "one-day-is-the-start",
        "saturday-start",
        "sunday-start-one-day",
        "across-spring-festival",
        "start-on-makeup-saturday",
        "start-in-holiday-ends-on-makeup",
        "makeup-sunday-before-national-day",
        "across-national-day",
        "makeup-saturday-after-national-day",
    ],
)
def test_notice_end_date_by_prc_calendar(start, working_days, expected):
    # Art. 19(六): 公示日期5个工作日.
    assert notice_end_date(start=start, working_days=working_days) == expected


@pytest.mark.parametrize("working_days", [0, -1, True, 2.0, "5"], ids=["zero", "negative", "bool", "float", "str"])
def test_notice_end_date_rejects_bad_working_days(working_days):
    with pytest.raises(ValueError, match="公示期的工作日天数必须是不小于1的整数"):
        notice_end_date(start=date(2026, 3, 2), working_days=working_days)


@pytest.mark.django_db
def test_notice_end_date_unknown_year_refuses_with_reason():
    # SPEC §9: never guess a year nobody has entered.
    with pytest.raises(CalendarUnknown) as excinfo:
        notice_end_date(start=date(2031, 4, 28), working_days=5)

    assert excinfo.value.year == 2031
    assert str(excinfo.value) == (
        "系统尚不掌握2031年的国务院节假日安排,无法计算工作日。"
        "请领导小组办公室先录入并确认2031年的节假日和调休安排后再试。"
    )
    assert isinstance(excinfo.value, ValueError)


@pytest.mark.django_db
def test_notice_end_date_window_crossing_into_unknown_year_refuses():
    # Mon 28 Dec 2026 .. Thu 31 Dec gives 4 working days; the 5th would be in 2027, which nobody has entered.
    with pytest.raises(CalendarUnknown) as excinfo:
        notice_end_date(start=date(2026, 12, 28), working_days=5)

    assert excinfo.value.year == 2027


@pytest.mark.django_db
def test_is_working_day_unknown_year_refuses():
    with pytest.raises(CalendarUnknown):
        is_working_day(date(2031, 3, 3))


@pytest.mark.django_db
def test_notice_end_date_entered_year_honours_holidays():
    # 2031 as the office enters it: Labour Day holiday Thu 1, Fri 2 and Mon 5 May; make-up Sat 10 May.
    make_calendar_year(
        2031,
        [
            (date(2031, 5, 1), False),
            (date(2031, 5, 2), False),
            (date(2031, 5, 5), False),
            (date(2031, 5, 10), True),
        ],
    )

    # Wed 30 Apr, then 6, 7, 8, 9 May (1–5 May off).
    assert notice_end_date(start=date(2031, 4, 30), working_days=5) == date(2031, 5, 9)
    # Wed 7 May: 7, 8, 9, Sat 10 (make-up), Mon 12.
    assert notice_end_date(start=date(2031, 5, 7), working_days=5) == date(2031, 5, 12)
    assert is_working_day(date(2031, 5, 10)) is True
    assert is_working_day(date(2031, 5, 1)) is False


@pytest.mark.django_db
def test_notice_end_date_entered_year_without_days_uses_weekdays():
    # A confirmed year with no exceptions entered is known: Monday to Friday.
    make_calendar_year(2031)

    assert notice_end_date(start=date(2031, 5, 1), working_days=5) == date(2031, 5, 7)


@pytest.mark.django_db
def test_notice_end_date_next_years_entry_moves_december_day():
    # A make-up day in late December 2030 announced with the 2031 schedule still counts.
    make_calendar_year(2030)
    make_calendar_year(2031, [(date(2030, 12, 28), True), (date(2031, 1, 1), False)])

    # Fri 27 Dec 2030, Sat 28 (make-up), Mon 30, Tue 31, then 1 Jan off, Thu 2 Jan.
    assert notice_end_date(start=date(2030, 12, 27), working_days=5) == date(2031, 1, 2)


@pytest.mark.django_db
def test_notice_end_date_another_years_entry_does_not_make_year_known():
    # Days entered under 2031 do not make 2030 known.
    make_calendar_year(2031, [(date(2030, 12, 28), True)])

    with pytest.raises(CalendarUnknown) as excinfo:
        notice_end_date(start=date(2030, 12, 27), working_days=2)

    assert excinfo.value.year == 2030


@pytest.mark.django_db
def test_notice_end_date_reads_each_unknown_year_once(django_assert_num_queries):
    make_calendar_year(2031, [(date(2031, 5, 1), False)])

    with django_assert_num_queries(1):
        notice_end_date(start=date(2031, 4, 1), working_days=40)


def test_notice_end_date_covered_year_touches_no_database():
    # Without the django_db mark any query would fail this test.
    assert notice_end_date(start=date(2026, 9, 28), working_days=5) == date(2026, 10, 9)
