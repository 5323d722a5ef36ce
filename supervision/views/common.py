"""Helpers every supervision view uses."""
from django.contrib import messages
from django.shortcuts import get_object_or_404, render

from accounts.permissions import require
from award.models import Cycle

__all__ = ["cycle_or_403", "done", "form_page", "require"]


def cycle_or_403(request, pk, predicate):
    """The cycle `pk` if `predicate(user, cycle)` allows; otherwise 403 with nothing shown."""
    cycle = get_object_or_404(Cycle, pk=pk)
    require(predicate(request.user, cycle))
    return cycle


def form_page(request, *, form, title, back_url, lead="", button=None, multipart=False, extra=None):
    """The shared page for a single form (supervision/form.html)."""
    return render(request, "supervision/form.html", {
        "form": form, "title": title, "back_url": back_url, "lead": lead, "button": button, "multipart": multipart,
        **(extra or {}),
    })


def done(request, text):
    messages.success(request, text)
