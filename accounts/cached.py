"""What the caches of whole pages share (award/public_cache.py and public_responses.py, accounts/kept_pages.py):
a version kept in the shared cache that a change moves on, and a response kept as its body and headers."""
import time
import zlib

from django.core.cache import cache
from django.http import HttpResponse


def version(key):
    """The version under `key`, started now if the cache holds none (a new version is never an old one)."""
    value = cache.get(key)
    if value is None:
        cache.add(key, time.time_ns(), None)
        value = cache.get(key, 0)
    return value


def version_move(key):
    cache.set(key, time.time_ns(), None)


def response_packed(response):
    """The response's body, compressed (an HTML page shrinks about eightfold), and its headers."""
    return zlib.compress(response.content, 1), list(response.items())


def response_opened(packed):
    """(body, headers) of a packed response."""
    body, headers = packed
    return zlib.decompress(body), headers


def response_of(body, headers):
    response = HttpResponse(body)
    for name, value in headers:
        response[name] = value
    return response
