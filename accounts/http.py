"""Facts about the HTTP request that services need but must not take `request` for."""
import ipaddress

from django.conf import settings


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
