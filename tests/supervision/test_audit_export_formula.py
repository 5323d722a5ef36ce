"""The audit log's CSV and xlsx keep formula-like names as text (issue 11: formula injection)."""
import csv
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from accounts.audit import audit_record
from tests.factories.accounts import UserFactory
from tests.formula_names import EVIL_NAMES, assert_neutralised

ACTOR_COLUMN = 2


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_audit_csv_keeps_a_formula_like_actor_name_as_text(client, office, cycle, name):
    audit_record(action="test.entry", actor=UserFactory(full_name=name), obj=cycle, cycle_id=cycle.pk)
    client.force_login(office)

    response = client.get(reverse("supervision:audit_export", kwargs={"pk": cycle.pk}), {"format": "csv"})

    rows = [row for row in csv.reader(io.StringIO(response.content.decode("utf-8-sig"))) if row[3] == "test.entry"]
    assert_neutralised(rows[0][ACTOR_COLUMN], name)


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_audit_xlsx_keeps_a_formula_like_actor_name_as_text(client, office, cycle, name):
    audit_record(action="test.entry", actor=UserFactory(full_name=name), obj=cycle, cycle_id=cycle.pk)
    client.force_login(office)

    response = client.get(reverse("supervision:audit_export", kwargs={"pk": cycle.pk}), {"format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    [cell] = [row[ACTOR_COLUMN] for row in sheet.iter_rows(min_row=2) if row[3].value == "test.entry"]
    assert cell.data_type == "s"
    assert_neutralised(cell.value, name)


def test_audit_log_excel_link_downloads_xlsx(client, office, cycle):
    client.force_login(office)
    page = client.get(reverse("supervision:audit_log", kwargs={"pk": cycle.pk})).content.decode()
    export_url = reverse("supervision:audit_export", kwargs={"pk": cycle.pk})
    [href] = [part.split('"')[0] for part in page.split('href="')[1:] if "format=xlsx" in part.split('"')[0]]

    response = client.get(href.replace("&amp;", "&"))

    assert href.startswith(export_url + "?format=xlsx")
    assert response["Content-Type"].startswith("application/vnd.openxmlformats")
