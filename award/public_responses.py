"""Whole public pages kept for anonymous visitors (issue 12: the public pages as fast as a bare view).

`public_page` (award/public_cache.py) keeps a page's body and still renders the frame around it for everyone.
For a visitor with no session, the frame is the same for all: no name, no inbox, no CSRF token (the language
switch is a link), so the whole response can be kept — under the versions of the families that change it, the
language and the day — and served before the rest of the middleware runs. A response that sets a cookie or used
a CSRF token is never kept; signed-in visitors, POSTs and pages outside the list below always reach their view.
Every entry also expires after RESPONSE_TIMEOUT, a bound on staleness should a change ever bypass the services.
"""
import re
import threading
import time
from collections import OrderedDict

from django.conf import settings
from django.core.cache import cache
from django.db.models.signals import post_save
from django.dispatch import receiver
from django.utils import timezone

from accounts.cached import response_of, response_opened, response_packed

from .models import Cycle, WindowChange
from .public_cache import CYCLES, NOTICES, VERIFY, WINNERS, families_changed, family_versions

RESPONSE_TIMEOUT = 60
NEARBY_ENTRIES = 64  # responses each process keeps itself, the most recently used
_NEARBY = OrderedDict()
_NEARBY_LOCK = threading.Lock()
# path → the families whose changes it shows (home: the current cycle's call and the latest notices)
PUBLIC_PATHS = (
    (re.compile(r"^/$"), (CYCLES, NOTICES)),
    (re.compile(r"^/calls/\d+/$"), (CYCLES,)),
    (re.compile(r"^/notices/(\d+/)?$"), (NOTICES,)),
    (re.compile(r"^/winners/$"), (WINNERS,)),
    (re.compile(r"^/verify/$"), (VERIFY,)),
)


def _families(request):
    if request.method not in ("GET", "HEAD") or request.GET:  # a query (a certificate number typed) is the view's
        return None
    if settings.SESSION_COOKIE_NAME in request.COOKIES or "messages" in request.COOKIES:
        return None
    for pattern, families in PUBLIC_PATHS:
        if pattern.match(request.path_info):
            return families
    return None


def _key(request, families):
    versions = ":".join(str(v) for v in family_versions(families))
    return (f"public:response:{versions}:{getattr(request, 'LANGUAGE_CODE', '')}:"
            f"{timezone.localdate().isoformat()}:{request.path_info}")


class PublicResponseCacheMiddleware:
    """After LocaleMiddleware (the language is known), before sessions are read and CSRF is checked."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        families = _families(request)
        if families is None:
            return self.get_response(request)
        key = _key(request, families)
        kept = _nearby(key)
        if kept is not None:
            return response_of(*kept)
        response = self.get_response(request)
        if (response.status_code == 200 and not response.streaming and not response.cookies
                and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")):
            cache.set(key, response_packed(response), RESPONSE_TIMEOUT)
            _nearby_keep(key, (response.content, list(response.items())))
        return response


def _nearby(key):
    """The kept response as (body, headers), from this process when it holds it (the key names the families'
    versions, so a change reaches every process at once; the body's trip from Redis and its decompression are
    saved — 216 KB for the 2,000-entry notice), else from the shared cache."""
    with _NEARBY_LOCK:  # the threads of one process (runserver, gthread) share it
        entry = _NEARBY.get(key)
        if entry is not None and entry[0] > time.monotonic():
            _NEARBY.move_to_end(key)
            return entry[1]
    packed = cache.get(key)
    if packed is None:
        return None
    kept = response_opened(packed)
    _nearby_keep(key, kept)
    return kept


def _nearby_keep(key, kept):
    with _NEARBY_LOCK:
        _NEARBY[key] = (time.monotonic() + RESPONSE_TIMEOUT, kept)
        while len(_NEARBY) > NEARBY_ENTRIES:
            _NEARBY.popitem(last=False)


@receiver(post_save, sender=Cycle)
@receiver(post_save, sender=WindowChange)
def _cycle_saved(**kwargs):
    families_changed(CYCLES)
