"""Template tags and filters shared by every page (SPEC §15–16).

`{% load award_tags %}` gives:

- `{% cycle_progress cycle %}`: where the cycle is, as an ordered list of its stages (SPEC §16: every page says
  where the user is in the cycle);
- `|masked_id`: an ID number with its middle hidden (SPEC §14, confidentiality);
- `|yuan`: an amount in yuan, "300,000 元" or "30 万元" (Art. 4);
- `|state_family`: the colour family of a state for `includes/state_badge.html`;
- `|cn_date` and `|days_left`: deadlines as people in Binzhou write them (SPEC §15), and how far away they are.
"""
import datetime
from decimal import Decimal, InvalidOperation

from django import template
from django.utils import timezone, translation
from django.utils.translation import gettext

from accounts.dates import date_text
from accounts.models import Role, mask_id_number, mask_id_numbers_in
from award.models import CycleStage

register = template.Library()

DONE, CURRENT, UPCOMING = "done", "current", "upcoming"


@register.inclusion_tag("includes/stage_bar.html")
def cycle_progress(cycle):
    """The cycle's stages in order, each marked done, current or upcoming; nothing when there is no cycle."""
    if cycle is None or not getattr(cycle, "stage", None):
        return {"cycle": None, "stages": []}
    values = list(CycleStage.values)
    current_index = values.index(cycle.stage) if cycle.stage in values else -1
    stages = []
    for index, (value, label) in enumerate(CycleStage.choices):
        if index < current_index:
            status = DONE
        elif index == current_index:
            status = CURRENT
        else:
            status = UPCOMING
        stages.append({"value": value, "label": label, "status": status, "number": index + 1})
    return {"cycle": cycle, "stages": stages}


@register.filter
def masked_id(value):
    """An ID number as 370102********123X; the full number is shown only where a view decides it may be."""
    if value in (None, ""):
        return ""
    return mask_id_number(str(value))


@register.filter
def ids_for(text, user):
    """Free text (a contact, an objection) with its ID numbers masked unless `user` is the office (issue 11)."""
    if getattr(user, "role", None) == Role.OFFICE:
        return text
    return mask_id_numbers_in(text)


def get_language_info_code():
    return (translation.get_language() or "zh-hans").lower()


@register.filter
def yuan(value):
    """Art. 4: an amount of money in yuan: "30 万元" when a whole number of 万, else "12,345 元"."""
    if value in (None, ""):
        return ""
    try:
        amount = Decimal(str(value))
    except (InvalidOperation, ValueError):
        return value
    if amount == amount.to_integral_value():
        amount = int(amount)
        # 万 is a Chinese unit of count; other languages read the full amount.
        if amount and amount % 10000 == 0 and get_language_info_code().startswith("zh"):
            return gettext("%(amount)s 万元") % {"amount": f"{amount // 10000:,}"}
        return gettext("%(amount)s 元") % {"amount": f"{amount:,}"}
    return gettext("%(amount)s 元") % {"amount": f"{amount:,.2f}"}


# State values of every workflow, grouped by what the colour must tell the user. Unknown values are "progress".
STATE_FAMILIES = {
    "draft": {"draft", "withdrawn", "pending", "closed", "archived"},
    "passed": {
        "qualified", "awarded", "pass", "passed", "endorse", "approved", "accepted", "completed", "done",
        "published", "signed", "resolved",
    },
    "failed": {
        "declined", "decline", "not_qualified", "not_shortlisted", "disqualified", "not_awarded", "fail",
        "failed", "rejected", "revoked", "refused", "overdue",
    },
    "returned": {"returned", "return", "reopened"},
}


@register.filter
def state_family(state):
    """draft (grey), progress (blue), passed (green), failed (red) or returned (amber) for a state value."""
    value = str(state or "")
    for family, states in STATE_FAMILIES.items():
        if value in states:
            return family
    return "progress"


@register.filter
def cn_date(value):
    """SPEC §15: a date as "2025年3月31日", a datetime in local time as "2025年3月31日 17:00"; text unchanged."""
    return date_text(value)


@register.filter
def days_left(value):
    """Whole days from today (Asia/Shanghai) to a date or datetime; negative once past; "" for anything else."""
    if isinstance(value, datetime.datetime):
        value = timezone.localtime(value).date() if timezone.is_aware(value) else value.date()
    if not isinstance(value, datetime.date):
        return ""
    return (value - timezone.localdate()).days


@register.filter
def get_item(mapping, key):
    """`{{ counts|get_item:state }}`: a dict lookup by a variable key; empty when missing."""
    try:
        return mapping.get(key, "")
    except AttributeError:
        return ""
