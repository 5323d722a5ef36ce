"""The winners xlsx keeps formula-like names as text (issue 11: formula injection)."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from award.models import Award
from tests.factories.decision import awarded_cycle
from tests.formula_names import EVIL_NAMES, assert_neutralised

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_winners_export_keeps_a_formula_like_name_as_text(client, name):
    cycle, office, _certificates = awarded_cycle(organizations=1, individuals=0)
    Award.objects.filter(cycle=cycle).update(recipient_name=name)
    client.force_login(office)

    response = client.get(reverse("award:winners_export", kwargs={"pk": cycle.pk}))

    sheet = load_workbook(io.BytesIO(response.content)).active
    cell = sheet.cell(row=3, column=4)
    assert cell.data_type == "s"
    assert_neutralised(cell.value, name)
