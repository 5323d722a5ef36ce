"""Signed-in people's list pages kept between the writes that could change them (issue 12: p95 ≤ 100 ms).

The office's results and cycle pages, the expert's list and the other heavy lists read thousands of rows and
render dozens; between two writes to the database they would render the same bytes again. So every write is
noticed where it happens — each connection's statements pass `_watch` (installed on every new connection, so
the web nodes, the Celery workers, the beat and `manage.py` alike) — and moves one data generation on, in the
shared cache: at each write and again after its transaction's COMMIT (a page rendered by another request
in between, from the old rows, is then not kept under the new generation). Writes to the session and sign-in
throttle tables change no page and are not counted.

`kept_page` wraps a view inside its permission decorator, so who may see the page is decided on every request.
Its response is kept under the generation read before it rendered, for that session and CSRF secret (the page's
forms carry a token of that secret), the language, the day and the full path, and only when it is a plain 200
that wrote nothing, carried no message and set no cookie; a pending message always reaches the view. Entries
are compressed (the agency's 275 KB page keeps in 13 KB) and expire after KEPT_TIMEOUT whatever happens, the
bound on staleness should a write ever bypass Django (psql) and on what superseded entries hold in Redis.

On with `settings.KEPT_PAGES` (default: when the cache is the shared Redis — with one process-local cache per
worker, a write in one worker would not move another's generation).
"""
import hashlib
import re
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.db import transaction
from django.db.backends.signals import connection_created
from django.dispatch import receiver
from django.utils import timezone

from .cached import response_of, response_opened, response_packed, version, version_move

GENERATION_KEY = "kept:generation"
KEPT_TIMEOUT = 60
# Statements that read, or only steer the transaction, change no page.
_READS = re.compile(r"^\s*(SELECT|SAVEPOINT|RELEASE|ROLLBACK|BEGIN|COMMIT|SET|SHOW|EXPLAIN|PRAGMA)\b", re.I)
_WITH_WRITE = re.compile(r"\b(INSERT|UPDATE|DELETE)\b", re.I)
# The session's last-seen time and django-axes' attempts are written while pages are read; they show on none.
_UNSEEN_TABLES = re.compile(r'^\s*(INSERT\s+INTO|UPDATE|DELETE\s+FROM)\s+"?(django_session|axes_\w+)"?\s', re.I)


def generation():
    return version(GENERATION_KEY)


def data_changed():
    version_move(GENERATION_KEY)


def writes(sql) -> bool:
    """Whether a statement may change what a page shows."""
    if _READS.match(sql):
        return False
    if sql.lstrip()[:4].upper() == "WITH" and not _WITH_WRITE.search(sql):
        return False
    return not _UNSEEN_TABLES.match(sql)


def _after_commit():
    data_changed()


def _watch(execute, sql, params, many, context):
    result = execute(sql, params, many, context)
    if settings.KEPT_PAGES and writes(sql):
        data_changed()  # now, for this connection's later reads (in autocommit the statement is committed)
        connection = context["connection"]
        if connection.in_atomic_block and not any(func is _after_commit for _, func, _ in connection.run_on_commit):
            transaction.on_commit(_after_commit, using=connection.alias)
    return result


@receiver(connection_created)
def _connection_watched(sender, connection, **kwargs):
    if _watch not in connection.execute_wrappers:
        connection.execute_wrappers.append(_watch)


def _cookie_hash(request):
    secret = request.COOKIES.get(settings.CSRF_COOKIE_NAME, "")
    return hashlib.sha256(f"{request.session.session_key}\x1f{secret}".encode()).hexdigest()[:32]


def _keepable_request(request):
    if not settings.KEPT_PAGES or request.method != "GET" or not request.user.is_authenticated:
        return False
    if not request.session.session_key or settings.CSRF_COOKIE_NAME not in request.COOKIES:
        return False
    return "messages" not in request.COOKIES and "_messages" not in request.session


def _key(request, seen):
    path = hashlib.sha256(request.get_full_path().encode()).hexdigest()[:32]
    return (f"kept:page:{seen}:{request.user.pk}:{_cookie_hash(request)}:{getattr(request, 'LANGUAGE_CODE', '')}:"
            f"{timezone.localdate().isoformat()}:{path}")


def _keepable_response(request, response, seen):
    messages = getattr(request, "_messages", None)
    return (response.status_code == 200 and not response.streaming and not response.cookies
            and not getattr(messages, "_queued_messages", None) and not getattr(messages, "used", False)
            and not request.session.modified and generation() == seen)


def kept_page(view):
    """Serve the view's page from the cache while nothing was written since it was rendered (see above)."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not _keepable_request(request):
            return view(request, *args, **kwargs)
        seen = generation()
        key = _key(request, seen)
        kept = cache.get(key)
        if kept is not None:
            response = response_of(*response_opened(kept))
            request.META["CSRF_COOKIE_NEEDS_UPDATE"] = True  # as get_token() does when the page uses the token
            return response
        response = view(request, *args, **kwargs)
        if _keepable_response(request, response, seen):
            cache.set(key, response_packed(response), KEPT_TIMEOUT)
        return response

    return wrapper
