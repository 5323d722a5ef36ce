"""The office enters a year's holiday schedule for years chinesecalendar does not know (SPEC §9)."""
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from accounts.models import Role
from accounts.refusals import require_role

from ..models import CalendarDay, CalendarYear


@transaction.atomic
def calendar_year_enter(*, year, source, days, by):
    """Record (or replace) `year`'s exceptions to the Monday–Friday rule: [(date, is_working_day, name), ...]."""
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以录入节假日安排。"))
    calendar_year, _created = CalendarYear.objects.update_or_create(
        year=year, defaults={"source": source.strip(), "confirmed_by": by}
    )
    calendar_year.days.all().delete()
    CalendarDay.objects.bulk_create(
        CalendarDay(calendar_year=calendar_year, date=day, is_working_day=working, name=name)
        for day, working, name in days
    )
    audit_record(
        action="calendar.year_entered", actor=by, obj=calendar_year,
        detail={"year": year, "source": source, "days": [[d.isoformat(), w, n] for d, w, n in days]},
    )
    return calendar_year
