"""Dates as people read them (SPEC §15): one format everywhere — pages, messages, notifications, PDFs.

Chinese: "2026年12月7日" (a datetime: "2026年12月7日 17:00", Asia/Shanghai); English mode uses English's own
format ("Dec. 7, 2026"). The format follows the active language, so a notification composed while a request in
English is active reads in English, and one composed by a task (Chinese, the site's language) in Chinese.
"""
import datetime

from django.utils import formats, timezone


def date_text(value) -> str:
    """A date or datetime in the one display format of the active language; "" for None, text unchanged."""
    if value in (None, ""):
        return ""
    if isinstance(value, datetime.datetime):
        if timezone.is_aware(value):
            value = timezone.localtime(value)
        return formats.date_format(value, "DATETIME_FORMAT")
    if isinstance(value, datetime.date):
        return formats.date_format(value, "DATE_FORMAT")
    return value
