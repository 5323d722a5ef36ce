"""The bare Django view of `make bench-scale`: the same settings and gunicorn, no middleware, one view that
returns a fixed response. Used as DJANGO_SETTINGS_MODULE, ROOT_URLCONF and WSGI module at once."""
from django.http import HttpResponse
from django.urls import path

from config.settings.production import *  # noqa: F401,F403

MIDDLEWARE = []
ROOT_URLCONF = "benchmarks.scale_bare"


def bare(request):
    return HttpResponse("ok")


urlpatterns = [path("", bare)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 — the settings above must be in place first

application = get_wsgi_application()
