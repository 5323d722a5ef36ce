"""Facts about the HTTP request that services need but must not take `request` for."""
import ipaddress
import logging
from functools import lru_cache

from django.conf import settings
from django.core.cache import cache

logger = logging.getLogger(__name__)

# What a multipart form adds around its files (boundaries, headers, the text fields), in bytes.
FORM_OVERHEAD_BYTES = 1024 * 1024

# Public forms: at most this many posts per client address per window (Django's cache; without CACHES in the
# settings that is the per-process local-memory cache, which is enough to slow a script down on one server).
PUBLIC_POST_LIMIT = 5
PUBLIC_POST_WINDOW_SECONDS = 3600


@lru_cache(maxsize=8)
def _networks(entries: tuple[str, ...]):
    return tuple(ipaddress.ip_network(entry.strip(), strict=False) for entry in entries if entry.strip())


def _trusted_networks():
    return _networks(tuple(getattr(settings, "TRUSTED_PROXIES", ()) or ()))


def _address(text):
    try:
        return ipaddress.ip_address(text.strip())
    except ValueError:
        return None


def _is_trusted(address, networks):
    return any(address.version == network.version and address in network for network in networks)


def client_ip(request) -> str | None:
    """The visitor's address for the audit log (SPEC §14: "from where") and the rate limits (issue 11).

    REMOTE_ADDR, unless REMOTE_ADDR is one of settings.TRUSTED_PROXIES (addresses or CIDR networks): then the
    right-most X-Forwarded-For hop that is not itself a trusted proxy — the address the last trusted proxy saw.
    Hops to its left are the client's own word and are never taken. A forwarded hop that is not an address, or a
    header that is missing, gives REMOTE_ADDR, so nothing the client sends can skip a rate limit or choose its
    bucket. None only when REMOTE_ADDR itself is not an address.
    """
    remote = _address(request.META.get("REMOTE_ADDR", ""))
    if remote is None:
        return None
    networks = _trusted_networks()
    if not networks or not _is_trusted(remote, networks):
        return str(remote)
    hops = [hop for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
    for hop in reversed(hops):
        address = _address(hop)
        if address is None:
            return str(remote)
        if not _is_trusted(address, networks):
            return str(address)
    # Every hop is a trusted proxy (a request from inside): the left-most one, or the proxy itself.
    first = _address(hops[0]) if hops else None
    return str(first or remote)


def public_rate_limit_hit(*, scope, ip, limit=PUBLIC_POST_LIMIT, window_seconds=PUBLIC_POST_WINDOW_SECONDS):
    """Count one post from `ip` to the public form `scope`; True once the address is over `limit` in the window.

    The counts live in the cache (Redis in production). When the cache fails (Redis frozen or gone) the post is
    let through with a warning in the log: the form keeps working, unthrottled, until the cache is back; a 500
    would turn every visitor away instead.
    """
    key = f"rate:{scope}:{ip or 'unknown'}"
    try:
        if cache.add(key, 1, timeout=window_seconds):
            return False
        try:
            count = cache.incr(key)
        except ValueError:  # expired between add and incr
            cache.add(key, 1, timeout=window_seconds)
            return False
    except Exception as exc:  # noqa: BLE001 — any cache backend's error; the form must not fail with it
        logger.warning("频率限制计数失败,本次放行(%s,%s):%s: %s", scope, ip, type(exc).__name__, exc)
        return False
    return count > limit


def request_body_max_bytes(view_func=None) -> int:
    """The largest request body (Content-Length) the view accepts: its own `request_body_max_bytes` (set by
    `accepts_request_body`), else settings.REQUEST_BODY_MAX_BYTES (one evidence file and the form around it)."""
    own = getattr(view_func, "request_body_max_bytes", None)
    return own() if callable(own) else (own or settings.REQUEST_BODY_MAX_BYTES)


def accepts_request_body(max_bytes):
    """Let a view take a larger body than the default, e.g. a form with several files; `max_bytes` is a number or
    a callable read at each request (so settings may change). Checked before the body is read
    (accounts.middleware.RequestBodyLimitMiddleware)."""

    def decorate(view_func):
        view_func.request_body_max_bytes = max_bytes
        return view_func

    return decorate
