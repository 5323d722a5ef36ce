"""An ordinary refusal (403) is logged in one line, without a traceback (issue 10 point 9)."""
import logging

import pytest
from django.urls import reverse

from accounts.logfilters import QuietRefusals
from tests.factories.accounts import OrganizationUserFactory


@pytest.mark.django_db
def test_refused_page_logs_one_line_without_traceback(client, caplog):
    client.force_login(OrganizationUserFactory())

    with caplog.at_level(logging.WARNING, logger="django.request"):
        response = client.get(reverse("award:cycle_list"))

    records = [r for r in caplog.records if r.name == "django.request"]
    assert response.status_code == 403
    assert [r.getMessage() for r in records] == ["Forbidden (Permission denied): /office/cycles/"]
    assert [r.exc_info for r in records] == [None]


def test_other_errors_keep_their_traceback():
    try:
        raise ValueError("boom")
    except ValueError as error:
        record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "Internal Server Error", (),
                                   (type(error), error, error.__traceback__))
    record.status_code = 500

    assert QuietRefusals().filter(record) is True
    assert record.exc_info is not None
