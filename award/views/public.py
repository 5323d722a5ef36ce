"""The public site (no login): the call, notices and their lists (Art. 13, 18, 19(二)(六))."""
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.utils import timezone

from ..models import Cycle, Notice
from ..public_cache import NOTICES, public_page
from ..selectors import cycle_current, notices_public


def home(request):
    cycle = cycle_current()
    published_cycle = cycle if cycle and cycle.is_call_published else None
    return render(
        request,
        "award/public/home.html",
        {"cycle": published_cycle, "notices": notices_public()[:5], "today": timezone.localdate()},
    )


def cycle_call(request, number):
    cycle = get_object_or_404(Cycle, number=number, call_published_at__isnull=False)
    return render(request, "award/public/call.html", {
        "cycle": cycle, "today": timezone.localdate(), "window_changes": cycle.window_changes.all(),
    })


def notice_list(request):
    return render(request, "award/public/notice_list.html", {"notices": notices_public()})


def notice_detail(request, pk):
    """A published notice (Art. 19(二)(六)), served from the cache until a notice is published again."""
    def build():
        notice = get_object_or_404(Notice.objects.select_related("cycle"), pk=pk)
        today = timezone.localdate()
        return {"title": notice.title, "body": render_to_string("award/public/notice_detail_body.html", {
            "notice": notice,
            "entries": notice.entries.select_related("application"),
            "today": today,
            "is_open": notice.starts_on <= today <= notice.ends_on,
        })}

    return public_page(request, family=NOTICES, parts=(pk,), build=build)
