"""The office's own entry of a year's State Council holiday schedule, for years chinesecalendar does not cover.

Until the office has entered and confirmed a year, no working-day count crosses it: the system refuses and
says why, never guesses (award.workdays).
"""
from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class CalendarYear(models.Model):
    year = models.PositiveIntegerField(_("年份"), unique=True)
    source = models.CharField(_("依据(国务院办公厅通知文号)"), max_length=200)
    confirmed_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    confirmed_at = models.DateTimeField(_("确认时间"), auto_now_add=True)

    class Meta:
        verbose_name = _("节假日安排年份")
        verbose_name_plural = _("节假日安排年份")
        ordering = ["-year"]

    def __str__(self):
        return str(self.year)


class CalendarDay(models.Model):
    """A day that differs from the Monday–Friday rule: a holiday on a weekday, or a make-up working day (调休)."""

    calendar_year = models.ForeignKey(CalendarYear, on_delete=models.CASCADE, related_name="days")
    date = models.DateField(_("日期"), unique=True)
    is_working_day = models.BooleanField(_("是否工作日"))
    name = models.CharField(_("说明"), max_length=50, blank=True)

    class Meta:
        verbose_name = _("节假日/调休日")
        verbose_name_plural = _("节假日/调休日")
        ordering = ["date"]
