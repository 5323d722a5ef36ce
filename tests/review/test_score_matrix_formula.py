"""The score matrix xlsx keeps formula-like names as text (issue 11: formula injection)."""
import io

import pytest
from django.urls import reverse
from openpyxl import load_workbook

from review.models import Assignment
from tests.factories.review import activate, pledge, submit_scores
from tests.formula_names import EVIL_NAMES, assert_neutralised


@pytest.mark.parametrize("name", EVIL_NAMES)
def test_score_matrix_keeps_a_formula_like_applicant_name_as_text(client, office, cycle, panel, application, name):
    _, experts = panel
    pledge(cycle, experts[0])
    submit_scores(activate(Assignment.objects.create(application=application, expert=experts[0], created_by=office)),
                  60)
    type(application).objects.filter(pk=application.pk).update(applicant_name=name)
    client.force_login(office)

    response = client.get(reverse("review:score_matrix_xlsx"))

    cell = load_workbook(io.BytesIO(response.content)).active.cell(row=2, column=2)
    assert cell.data_type == "s"
    assert_neutralised(cell.value, name)
