"""Public pages served from the cache between the events that change them (issue 12).

A published notice, the winners list and the certificate verification page change only when a service changes
what they show: a notice is published, awards are granted (their certificates issued) or rendered, an award is
revoked (Art. 24). Each page family has a version in the cache; a page's rendered body is stored under its
family's current version, and the service that changes the family moves the version on (`notices_changed`,
`awards_changed`), so the next request renders afresh and every node sees the change at once (the cache is the
shared Redis in production). Only the body is cached, never the frame around it: base.html carries the visitor's
navigation and CSRF token. Keys also carry the language and the day, since "open", "valid" and "expired" depend
on today.
"""
import hashlib

from django.core.cache import cache
from django.db import transaction
from django.shortcuts import render
from django.utils import timezone, translation
from django.utils.safestring import mark_safe

from accounts.cached import version, version_move

NOTICES = "notices"
WINNERS = "winners"
VERIFY = "verify"
CYCLES = "cycles"  # the public call and the home page (award/public_responses.py)
PAGE_TIMEOUT = 24 * 3600  # a day at most, should an event ever bypass the services


def _version_key(family):
    return f"public:version:{family}"


def _version(family):
    return version(_version_key(family))


def _bump(*families):
    for family in families:
        version_move(_version_key(family))


def _bump_now_and_on_commit(*families):
    # Now, so the change shows in the same transaction's later reads; again on commit, so a page rendered by
    # another request before the commit (with the old rows) is not kept under the new version.
    _bump(*families)
    transaction.on_commit(lambda: _bump(*families))


def family_versions(families):
    """The families' versions in one round trip to the cache (a missing one is started)."""
    found = cache.get_many([_version_key(family) for family in families])
    return [found.get(_version_key(family)) or _version(family) for family in families]


def families_changed(*families):
    _bump_now_and_on_commit(*families)


def notices_changed():
    """A notice was published (or its entries changed): its public page renders afresh."""
    _bump_now_and_on_commit(NOTICES)


def awards_changed():
    """Awards were granted, revoked, or their certificates issued or rendered: the winners list and the
    verification page render afresh (Art. 19(八), 24; SPEC §10)."""
    _bump_now_and_on_commit(WINNERS, VERIFY)


def public_page(request, *, family, parts=(), build):
    """The page of `family` identified by `parts`, from the cache when its family has not changed since it was
    rendered. `build()` runs the queries and returns {"title": str, "body": rendered HTML of the page's content,
    and optionally "cache": False for a page not worth keeping}; it may raise Http404 (nothing is cached then)."""
    digest = hashlib.sha256("\x1f".join(str(p) for p in parts).encode()).hexdigest()[:32]
    key = (f"public:page:{family}:{_version(family)}:{translation.get_language()}:"
           f"{timezone.localdate().isoformat()}:{digest}")
    page = cache.get(key)
    if page is None:
        page = build()
        if page.pop("cache", True):
            cache.set(key, page, PAGE_TIMEOUT)
    return render(request, "includes/cached_page.html", {"title": page["title"], "body": mark_safe(page["body"])})  # noqa: S308 -- rendered by our templates
