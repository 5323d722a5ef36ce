"""The permission walk as an attacker (issue 11): every URL × every role of the walk's world, with confidential
markers planted (full ID numbers, office-only) and XSS markers in names; every page, download, PDF and e-mail is
scanned. Figures: combinations tried and leaked, XSS markers tried and unescaped."""
import io
import re

import pytest
from django.core import mail
from django.db import transaction
from django.test import override_settings
from django.urls import reverse
from pypdf import PdfReader

from accounts.middleware import is_download
from accounts.models import IndividualProfile, Notification, User
from accounts.notifications import notification_email_send
from award.models import Application, Objection
from supervision.models import Complaint
from tests.factories.accounts import id_number_sequence
from tests.permission_walk import ACTORS, all_rules, build_world
from tests.test_permission_walk import _denied

from .figures import record

RULES = all_rules()
OBJECTION_ID = id_number_sequence(901)
COMPLAINT_ID = id_number_sequence(902)
XSS = ['<script>alert("xss-1")</script>', '"><img src=x onerror=alert("xss-2")>']
ESCAPED = [m.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace('"', "&quot;") for m in XSS]


@pytest.fixture(scope="module")
def walk_media(tmp_path_factory):
    return tmp_path_factory.mktemp("security-walk-media")


@pytest.fixture
def private_media_root(settings, walk_media):
    settings.PRIVATE_MEDIA_ROOT = walk_media
    return walk_media


@pytest.fixture(scope="module")
def world(django_db_setup, django_db_blocker, walk_media):
    with override_settings(PRIVATE_MEDIA_ROOT=walk_media), django_db_blocker.unblock(), transaction.atomic():
        world = build_world()
        Objection.objects.update(contact=OBJECTION_ID)
        Complaint.objects.update(complainant_contact=COMPLAINT_ID, description=f"举报人身份证 {COMPLAINT_ID}")
        Application.objects.filter(pk=world["application"].pk).update(applicant_name="滨州" + XSS[0])
        User.objects.filter(pk=world["owner"].pk).update(full_name="联系人" + XSS[1])
        markers = [OBJECTION_ID, COMPLAINT_ID, *IndividualProfile.objects.values_list("id_number", flat=True)]
        mail.outbox = []
        for notification_id in Notification.objects.values_list("pk", flat=True):  # every e-mail the world made
            notification_email_send(notification_id=notification_id)
        world["_mails"] = list(mail.outbox)
        yield world, markers
        transaction.set_rollback(True)


def _body(response):
    """The response as text, and whether it is HTML (a PDF's text is scanned for leaks, not for XSS)."""
    content = b"".join(response.streaming_content) if response.streaming else response.content
    if response.get("Content-Type", "").startswith("application/pdf"):
        try:
            return "".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(content)).pages), False
        except Exception:  # a PDF that does not parse is scanned as bytes
            pass
    return content.decode("utf-8", errors="replace"), response.get("Content-Type", "").startswith("text/html")


@pytest.mark.django_db
def test_walk_leaks_nothing_and_escapes_every_marker(client, world):
    world, markers = world
    tried = leaked = xss_tried = xss_unescaped = downloads = downloads_unprotected = pages_without_csp = 0
    findings = []
    for name in sorted(RULES):
        rule = RULES[name]
        url = reverse(name, kwargs=rule.kwargs(world))
        for actor in ACTORS:
            allowed = actor in rule.allowed
            if rule.method == "POST" and allowed:
                continue
            client.logout()
            if world[actor] is not None:
                client.force_login(world[actor])
            with transaction.atomic():
                response = client.post(url, {}) if rule.method == "POST" else client.get(url)
                body, html = _body(response)
                transaction.set_rollback(True)
            tried += 1
            if is_download(response):  # every private download: sandboxed, never kept by a cache
                downloads += 1
                if (response.get("Content-Security-Policy"), response.get("Cache-Control")) != (
                        "sandbox", "private, no-store"):
                    downloads_unprotected += 1
                    findings.append(f"{name} as {actor}: download without sandbox/no-store")
            elif html and "script-src 'self'" not in response.get("Content-Security-Policy", ""):
                pages_without_csp += 1
                findings.append(f"{name} as {actor}: page without the Content-Security-Policy")
            leak = not allowed and not _denied(response)
            if actor != "office" and any(marker in body for marker in markers):
                leak = True
            if leak:
                leaked += 1
                findings.append(f"{name} as {actor}: {response.status_code}")
            for raw, escaped in zip(XSS, ESCAPED, strict=True) if html else ():
                if raw in body or escaped in body:
                    xss_tried += 1
                    if raw in body:
                        xss_unescaped += 1
                        findings.append(f"{name} as {actor}: unescaped {raw}")
    mails = [f"{m.subject}\n{m.body}" + "".join(str(a[0]) for a in getattr(m, "alternatives", [])) for m in [*world["_mails"], *mail.outbox]]
    mail_leaks = sum(1 for text in mails if any(marker in text for marker in markers))
    record(walk_tried=tried, walk_leaked=leaked + mail_leaks, emails_scanned=len(mails), xss_tried=xss_tried,
           xss_unescaped=xss_unescaped, downloads_checked=downloads, downloads_unprotected=downloads_unprotected,
           pages_without_csp=pages_without_csp)

    assert (leaked, mail_leaks, xss_unescaped, downloads_unprotected, pages_without_csp) == (0, 0, 0, 0, 0), (
        "\n".join(findings[:50]))
    assert downloads > 10
    assert xss_tried > 0 and tried > 1000
    assert re.fullmatch(r"\d{17}[\dX]", OBJECTION_ID)
