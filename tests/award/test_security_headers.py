"""A strict Content-Security-Policy on every page, and `sandbox` plus `Cache-Control: private, no-store` on every
private download (issue 11, "smaller points": no page had a CSP; inline evidence had no sandbox; some downloads
could be kept by a cache). The permission walk of `make security` checks the same on every URL × role."""
import re
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

from tests.factories.award import application_in_state
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db


def _policy(response):
    return dict(part.strip().split(" ", 1) for part in response["Content-Security-Policy"].split(";") if " " in part)


def test_every_page_has_a_strict_policy(client):
    response = client.get(reverse("award:home"))

    policy = _policy(response)
    assert response.status_code == 200
    assert (policy["default-src"], policy["script-src"], policy["style-src"]) == ("'self'",) * 3
    assert (policy["object-src"], policy["frame-ancestors"]) == ("'none'", "'none'")
    assert "unsafe-inline" not in response["Content-Security-Policy"]
    assert "no-store" not in response.get("Cache-Control", "")


def _assert_private_download(response):
    assert response.status_code == 200
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["Cache-Control"] == "private, no-store"


@pytest.mark.parametrize("inline", [False, True], ids=["attachment", "inline"])
def test_evidence_download_is_sandboxed_and_not_stored(client, inline):
    application = application_in_state("qualified")
    evidence = application.evidence.get()
    client.force_login(application.office_user)

    response = client.get(reverse("award:evidence_download", kwargs={"pk": evidence.pk}),
                          {"inline": "1"} if inline else {})

    _assert_private_download(response)
    assert response["Content-Disposition"].startswith("inline" if inline else "attachment")


def test_certificate_and_winners_export_are_sandboxed_and_not_stored(client):
    from award.tasks import task_render_certificate

    cycle, office, certificates = awarded_cycle(organizations=1, individuals=0)
    task_render_certificate.apply(kwargs={"certificate_id": certificates[0].pk})
    client.force_login(office)

    _assert_private_download(client.get(reverse("award:certificate_download", kwargs={"pk": certificates[0].pk})))
    _assert_private_download(client.get(reverse("award:winners_export", kwargs={"pk": cycle.pk})))


def test_audit_log_export_is_sandboxed_and_not_stored(client):
    from tests.factories.accounts import OfficeUserFactory
    from tests.factories.award import CycleFactory

    cycle = CycleFactory()
    client.force_login(OfficeUserFactory())

    for fmt in ("csv", "xlsx"):
        _assert_private_download(client.get(reverse("supervision:audit_export", kwargs={"pk": cycle.pk}),
                                            {"format": fmt}))


TAG = re.compile(r"{%.*?%}", re.DOTALL)  # template tags' own arguments (`style="primary"` of an include)
INLINE = re.compile(r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle=\"|\son[a-z]+=|javascript:", re.IGNORECASE)


def test_templates_have_no_inline_script_or_style():
    # What the policy forbids must not be in a template: it would silently stop working in the browser.
    # templates/pdf/ are rendered by WeasyPrint, never by a browser.
    roots = [Path(settings.BASE_DIR) / "templates"] + [Path(settings.BASE_DIR) / app / "templates"
                                                       for app in ("accounts", "award", "review", "supervision")]
    found = [f"{path}: {match.group(0)}" for root in roots if root.exists() for path in root.rglob("*.html")
             if "pdf" not in path.relative_to(root).parts
             for match in INLINE.finditer(TAG.sub("", path.read_text()))]

    assert found == []
