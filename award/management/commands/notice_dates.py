"""`manage.py notice_dates START_DATE DAYS`: the last day of a public notice window (Art. 19(六), SPEC §9).

Prints the end date as YYYY-MM-DD. Bad input, or a year whose holiday schedule nobody has entered, stops with the
reason on stderr and a non-zero exit status.
"""
from datetime import date

from django.core.management.base import BaseCommand, CommandError
from django.utils.translation import gettext as _

from award.workdays import CalendarUnknown, notice_end_date


class Command(BaseCommand):
    # A calculation: it must work while other parts of the project are being changed or are misconfigured.
    requires_system_checks = []
    help = _("计算公示期的最后一天:公示发布日期(YYYY-MM-DD)起若干个工作日,节假日和调休按国务院安排计算。")

    def add_arguments(self, parser):
        parser.add_argument("start_date", help=_("公示发布日期,格式 YYYY-MM-DD"))
        parser.add_argument("days", help=_("公示期工作日天数,例如 5"))

    def handle(self, *args, start_date, days, **options):
        try:
            start = date.fromisoformat(start_date)
        except ValueError:
            raise CommandError(
                _("日期“%(value)s”无效,请按 YYYY-MM-DD 格式填写,例如 2026-09-28。") % {"value": start_date}
            ) from None
        try:
            working_days = int(days)
        except ValueError:
            working_days = 0
        if working_days < 1:
            raise CommandError(_("工作日天数“%(value)s”无效,请填写不小于1的整数。") % {"value": days})
        try:
            end = notice_end_date(start=start, working_days=working_days)
        except CalendarUnknown as exc:
            raise CommandError(str(exc)) from exc
        self.stdout.write(end.isoformat())
