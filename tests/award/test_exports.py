"""The office's xlsx exports for any cycle (Art. 6, 7, 19): columns, the regulation's kind order, each scale in
its own column, formula-safe cells."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from award.exports import applications_xlsx, qualified_xlsx, winners_xlsx
from tests.factories.award import CycleFactory, application_in_state
from tests.factories.decision import awarded_cycle

pytestmark = pytest.mark.django_db


def _rows(content):
    sheet = load_workbook(io.BytesIO(content)).active
    return [list(r) for r in sheet.iter_rows(min_row=2, values_only=True)]


def test_application_list_puts_organizations_before_individuals_with_art16_columns():
    # Art. 6, 16
    cycle = CycleFactory()
    person = application_in_state("endorsed", cycle=cycle, kind="individual")
    org = application_in_state("qualified", cycle=cycle)

    header, *rows = _rows(applications_xlsx(cycle=cycle))

    assert [r[1] for r in rows] == [org.reference, person.reference]
    assert "拥有自主知识产权(第十六条)" in header and "推荐意见(签署人、时间)" in header
    assert rows[0][6].startswith("同意推荐")
    assert [r[1] for r in _rows(qualified_xlsx(cycle=cycle))[1:]] == [org.reference]


def test_winners_export_orders_kinds_and_keeps_each_scale_in_its_own_column():
    # Art. 6, 7, 14
    cycle, _office, _certs = awarded_cycle(organizations=1, individuals=1, nominations=1)

    header, *rows = _rows(winners_xlsx(cycle=cycle))

    assert [r[2] for r in rows] == ["市长质量奖(组织)", "市长质量奖(个人)", "市长质量奖提名奖"]
    org_col = header.index("资料评审得分(组织奖,满分1000)")
    person_col = header.index("资料评审得分(个人奖,满分300)")
    assert rows[0][person_col] is None and rows[0][org_col] is not None
    assert rows[1][org_col] is None and rows[1][person_col] is not None


def test_export_views_answer_xlsx_for_the_office(client):
    cycle, office, _certs = awarded_cycle(organizations=1, individuals=0)
    client.force_login(office)

    for name in ("award:applications_export", "award:qualified_export", "review:score_matrix_cycle_xlsx"):
        response = client.get(reverse(name, kwargs={"pk": cycle.pk}))
        assert response.status_code == 200
        assert response["Content-Type"].startswith("application/vnd.openxmlformats")
