"""The bare upload view of `make bench ARGS=rush`: the same settings and gunicorn, no middleware, one view that
reads the multipart body, stores the file under RUSH_BARE_DIR and returns its SHA-256. Used as
DJANGO_SETTINGS_MODULE, ROOT_URLCONF and WSGI module at once."""
import hashlib
import os
import uuid
from pathlib import Path

from django.http import HttpResponse
from django.urls import path

from config.settings.production import *  # noqa: F401,F403

MIDDLEWARE = []
ROOT_URLCONF = "benchmarks.rush_bare"


def bare_upload(request):
    if request.method != "POST":
        return HttpResponse("ok")
    upload = request.FILES["file"]
    digest = hashlib.sha256()
    target = Path(os.environ["RUSH_BARE_DIR"]) / f"{uuid.uuid4().hex}.pdf"
    with target.open("wb") as out:
        for chunk in upload.chunks():
            digest.update(chunk)
            out.write(chunk)
    return HttpResponse(digest.hexdigest())


urlpatterns = [path("", bare_upload)]

from django.core.wsgi import get_wsgi_application  # noqa: E402 — the settings above must be in place first

application = get_wsgi_application()
