"""Facts about the HTTP request that services need but must not take `request` for."""
import ipaddress

from django.conf import settings
from django.core.cache import cache

# Public forms: at most this many posts per client address per window (Django's cache; without CACHES in the
# settings that is the per-process local-memory cache, which is enough to slow a script down on one server).
PUBLIC_POST_LIMIT = 5
PUBLIC_POST_WINDOW_SECONDS = 3600


def client_ip(request) -> str | None:
    """The visitor's address for the audit log (SPEC §14: "from where").

    REMOTE_ADDR, unless settings.USE_X_FORWARDED_FOR says a trusted reverse proxy sets X-Forwarded-For, in
    which case its first hop (the client the proxy saw first). Anything that is not an IP address gives None.
    """
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "USE_X_FORWARDED_FOR", False):
        forwarded = request.META.get("HTTP_X_FORWARDED_FOR", "")
        first_hop = forwarded.split(",")[0].strip()
        if first_hop:
            address = first_hop
    try:
        return str(ipaddress.ip_address(address.strip()))
    except ValueError:
        return None


def public_rate_limit_hit(*, scope, ip, limit=PUBLIC_POST_LIMIT, window_seconds=PUBLIC_POST_WINDOW_SECONDS):
    """Count one post from `ip` to the public form `scope`; True once the address is over `limit` in the window."""
    key = f"rate:{scope}:{ip or 'unknown'}"
    if cache.add(key, 1, timeout=window_seconds):
        return False
    try:
        count = cache.incr(key)
    except ValueError:  # expired between add and incr
        cache.add(key, 1, timeout=window_seconds)
        return False
    return count > limit
