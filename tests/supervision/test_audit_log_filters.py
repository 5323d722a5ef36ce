"""The audit log page and its export with bad filter values (issue 11: `?actor=abc` and `?date_from=2026-13-45`
gave a 500): a message on the page, the bad filter ignored, never a server error; the Excel link downloads xlsx."""
import pytest
from django.urls import reverse

from accounts.audit import audit_record

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize(("query", "message"), [
    ({"actor": "abc"}, "操作人无效,请从列表中选择。"),
    ({"actor": "99999999999999999999999"}, "操作人无效,请从列表中选择。"),
    ({"date_from": "2026-13-45"}, "起始日期无效,请按 年-月-日 填写"),
    ({"date_to": "not-a-date"}, "截止日期无效,请按 年-月-日 填写"),
    ({"date_from": "2026-06-30", "date_to": "2026-06-01"}, "截止日期不能早于起始日期。"),
    ({"application": "-3"}, "申报编号应为正整数。"),
], ids=["actor-text", "actor-overflow", "date-impossible", "date-text", "dates-reversed", "application-negative"])
def test_bad_filter_value_is_a_message_on_the_page(client, office, cycle, query, message):
    audit_record(action="test.entry", actor=office, obj=cycle, cycle_id=cycle.pk)
    client.force_login(office)

    page = client.get(reverse("supervision:audit_log", kwargs={"pk": cycle.pk}), query)
    export = client.get(reverse("supervision:audit_export", kwargs={"pk": cycle.pk}), {**query, "format": "xlsx"})

    assert page.status_code == 400
    assert message in page.content.decode()
    assert "<td>test.entry</td>" in page.content.decode()  # the bad filter is ignored, the log still shows
    assert (export.status_code, message in export.content.decode()) == (400, True)


def test_good_filters_still_filter(client, office, cycle):
    audit_record(action="test.kept", actor=office, obj=cycle, cycle_id=cycle.pk)
    audit_record(action="other.entry", actor=None, obj=cycle, cycle_id=cycle.pk)
    client.force_login(office)

    page = client.get(reverse("supervision:audit_log", kwargs={"pk": cycle.pk}),
                      {"actor": office.pk, "date_from": "2000-01-01", "action": "test"})

    assert page.status_code == 200
    rows = page.content.decode().split("<tbody>")[1]
    assert "<td>test.kept</td>" in rows and "other.entry" not in rows


def test_excel_link_keeps_the_filters_and_downloads_xlsx(client, office, cycle):
    audit_record(action="test.entry", actor=office, obj=cycle, cycle_id=cycle.pk)
    client.force_login(office)
    page = client.get(reverse("supervision:audit_log", kwargs={"pk": cycle.pk}),
                      {"actor": office.pk, "page": "1"}).content.decode()
    [href] = [part.split('"')[0] for part in page.split('href="')[1:] if "format=xlsx" in part.split('"')[0]]

    response = client.get(href.replace("&amp;", "&"))

    assert "??" not in href and "page=" not in href and f"actor={office.pk}" in href
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
    assert response["Content-Disposition"].endswith('.xlsx"')
