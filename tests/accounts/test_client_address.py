"""Client addresses come from the configured trusted proxies, never the client's word, and the public forms' rate
limit neither skips a malformed address nor turns a cache outage into a 500 (issue 11, "What must hold": client
addresses, throttles that fail open with a log line)."""
import logging

import pytest
from django.test import RequestFactory

from accounts.http import client_ip, public_rate_limit_hit

PROXY = "10.0.0.5"


@pytest.mark.parametrize(
    ("proxies", "meta", "expected"),
    [
        ([], {"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        # No trusted proxy configured: the header is the client's word and is ignored.
        ([], {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.7"),
        # A request that did not come through the proxy: its header is ignored too.
        ([PROXY], {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, "203.0.113.7"),
        # Through the proxy: nginx appended the address it saw; a forged hop to its left is not taken.
        ([PROXY], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, 198.51.100.9"}, "198.51.100.9"),
        # Two proxies (a network and an address): the right-most hop that is not a trusted proxy.
        (["10.0.0.0/24", "192.0.2.1"], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "8.8.8.8, 198.51.100.9, 192.0.2.1"},
         "198.51.100.9"),
        # Malformed or missing hops are counted under REMOTE_ADDR: they never skip a limit or pick a bucket.
        ([PROXY], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-ip"}, PROXY),
        ([PROXY], {"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "1.2.3.4, <script>"}, PROXY),
        ([PROXY], {"REMOTE_ADDR": PROXY}, PROXY),
        ([], {"REMOTE_ADDR": "203.0.113.7", "HTTP_X_FORWARDED_FOR": "not-an-ip"}, "203.0.113.7"),
        (["2001:db8::/32"], {"REMOTE_ADDR": "2001:db8::1", "HTTP_X_FORWARDED_FOR": "2001:db9::5"}, "2001:db9::5"),
        ([], {"REMOTE_ADDR": ""}, None),
    ],
    ids=["remote-addr", "xff-no-proxies", "xff-not-from-proxy", "right-most-hop", "two-proxies", "xff-garbage",
         "xff-garbage-right-most", "xff-absent", "garbage-no-proxies", "ipv6", "no-address"],
)
def test_client_ip_believes_only_the_trusted_proxies(settings, proxies, meta, expected):
    settings.TRUSTED_PROXIES = proxies
    request = RequestFactory().get("/", **meta)

    assert client_ip(request) == expected


class FrozenCache:
    """A cache whose every call fails, as django-redis does with Redis frozen (timeout) or killed (refused)."""

    def __init__(self, error):
        self.error = error
        self.calls = 0

    def add(self, *args, **kwargs):
        self.calls += 1
        raise self.error

    incr = add


@pytest.mark.parametrize("error", [TimeoutError("Timeout reading from socket"),
                                   ConnectionRefusedError(111, "Connection refused")], ids=["frozen", "killed"])
def test_rate_limit_fails_open_with_a_warning_when_the_cache_fails(monkeypatch, caplog, error):
    frozen = FrozenCache(error)
    monkeypatch.setattr("accounts.http.cache", frozen)

    with caplog.at_level(logging.WARNING, logger="accounts.http"):
        hit = public_rate_limit_hit(scope="objection", ip="203.0.113.7")

    assert hit is False and frozen.calls == 1
    assert "频率限制计数失败,本次放行" in caplog.text
