"""The office's cycle charts (issue 10 point 8): applications by county and sector, the document-review
distribution with the Art. 20 bar, each with its figures as a table for screen readers."""
import re
from decimal import Decimal

import pytest
from django.urls import reverse

from accounts.charts import histogram
from accounts.models import District, Sector
from award.models import ApplicationState
from tests.factories.accounts import OfficeUserFactory
from tests.factories.award import ApplicationFactory, CycleFactory

pytestmark = pytest.mark.django_db


def _tables(body):
    """{caption: [[cell, …], …]} of the charts' tables."""
    tables = {}
    for table in re.findall(r'<table class="table chart-table">(.*?)</table>', body, re.S):
        caption = re.search(r"<caption>(.*?)</caption>", table, re.S).group(1).strip()
        rows = [re.findall(r"<t[hd][^>]*>([^<]*)</t[hd]>", row) for row in re.findall(r"<tr>(.*?)</tr>", table, re.S)]
        tables[caption] = rows[1:]
    return tables


@pytest.fixture
def cycle_with_applications():
    cycle = CycleFactory()
    ApplicationFactory(cycle=cycle, organization__district=District.ZOUPING, sector=Sector.SECONDARY,
                       document_score=Decimal("550.00"))
    ApplicationFactory(cycle=cycle, organization__district=District.ZOUPING, sector=Sector.TERTIARY,
                       document_score=Decimal("549.90"))
    ApplicationFactory(cycle=cycle, person=True, individual__district=District.BOXING, sector=Sector.TERTIARY,
                       document_score=Decimal("240.00"))
    ApplicationFactory(cycle=cycle, organization__district=District.BINCHENG, state=ApplicationState.DRAFT)
    return cycle


def test_cycle_page_tables_count_by_county_and_sector(client, cycle_with_applications):
    client.force_login(OfficeUserFactory())

    body = client.get(reverse("award:cycle_manage", kwargs={"pk": cycle_with_applications.pk})).content.decode()

    tables = _tables(body)
    districts = dict(tables["按县(市、区)统计的申报数"])
    assert districts == {label: {"邹平市": "2", "博兴县": "1"}.get(label, "0") for _v, label in District.choices}
    assert tables["按产业统计的申报数"] == [["第一产业", "0"], ["第二产业", "1"], ["第三产业", "2"]]


def test_cycle_page_distribution_table_splits_at_the_bar(client, cycle_with_applications):
    # Art. 20: 550.0 of 1000 reaches the bar, 549.9 does not; 240 of 300 is 80 %.
    client.force_login(OfficeUserFactory())

    body = client.get(reverse("award:cycle_manage", kwargs={"pk": cycle_with_applications.pk})).content.decode()

    rows = {row[0]: row[1:] for row in _tables(body)["资料评审得分分布(3 份,按占总分比例)"]}
    assert rows["50%–55%"] == ["1", "未达到"]
    assert rows["55%–60%"] == ["1", "达到"]
    assert rows["80%–85%"] == ["1", "达到"]
    assert sum(int(count) for count, _passes in rows.values()) == 3
    assert "分数线 55%" in body


def test_cycle_page_without_scores_draws_no_distribution(client):
    cycle = CycleFactory()
    client.force_login(OfficeUserFactory())

    body = client.get(reverse("award:cycle_manage", kwargs={"pk": cycle.pk})).content.decode()

    assert list(_tables(body)) == ["按县(市、区)统计的申报数", "按产业统计的申报数"]


@pytest.mark.parametrize(("share", "bin_low"), [
    (Decimal("54.99"), 50), (Decimal("55"), 55), (Decimal("100"), 95), (Decimal("0"), 0),
], ids=["just-below-bar", "at-bar", "full-marks", "zero"])
def test_histogram_bins_by_share(share, bin_low):
    chart = histogram([share], pass_ratio=Decimal("0.550"))

    assert [b["low"] for b in chart.bins if b["count"]] == [bin_low]
    assert chart.bar_label == "55%"
