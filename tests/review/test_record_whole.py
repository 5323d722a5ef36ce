"""The record stays whole (SPEC §14, Art. 11, 19(三)): every application that entered document review stays on
the review pages and in every report with its final state; every cycle's pages and exports stay reachable."""
import io

import pytest
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook

from award.models import ApplicationState, CycleStage
from review.models import Assignment, DocumentResult
from review.reports import cycle_document_context
from review.selectors import review_applications
from tests.factories.review import activate, make_application, make_cycle, pledge, submit_scores

FINAL = [ApplicationState.AWARDED, ApplicationState.NOT_AWARDED, ApplicationState.DISQUALIFIED,
         ApplicationState.NOT_SHORTLISTED]


@pytest.fixture
def awarded_cycle(cycle, panel, office):
    """Four applications scored by three experts — three above the bar, one below — then moved to their final
    states after the awards."""
    experts = panel[1][:3]
    pledge(cycle, *experts)
    apps = []
    for state, pct in zip(FINAL, (80, 70, 60, 30), strict=True):
        app = make_application(cycle)
        for e in experts:
            submit_scores(activate(Assignment.objects.create(application=app, expert=e, created_by=office)), pct)
        type(app).objects.filter(pk=app.pk).update(state=state)
        apps.append(app)
    DocumentResult.objects.filter(application__in=apps).update(confirmed_at=timezone.now())
    type(cycle).objects.filter(pk=cycle.pk).update(stage=CycleStage.AWARDED)
    cycle.refresh_from_db()
    return apps


def test_report_counts_after_awards_are_the_real_counts(awarded_cycle, cycle):
    # Art. 19(三), 20: 4 applications went through document review, 3 reached the bar, 12 valid scorecards.
    context = cycle_document_context(cycle)

    assert (context["total"], context["passed"], context["submitted_cards"]) == (4, 3, 12)


def test_review_pages_keep_every_application_with_its_final_state(awarded_cycle, cycle):
    states = sorted(a.state for a in review_applications(cycle=cycle))

    assert states == sorted(FINAL)


def test_office_results_list_the_awarded_cycle(client, awarded_cycle, cycle, office):
    client.force_login(office)

    html = client.get(reverse("review:office_results"), {"cycle": cycle.number}).content.decode()

    assert all(a.applicant_name in html for a in awarded_cycle)


@pytest.fixture
def two_cycles(awarded_cycle, cycle):
    """Cycle N is done; cycle N+1 is under review with its own application."""
    later = make_cycle(stage=CycleStage.DOCUMENT_REVIEW, year=cycle.year + 2)
    return cycle, later, make_application(later, name="后一届申报企业")


def test_earlier_cycles_score_matrix_is_reachable_while_a_later_cycle_is_under_review(client, two_cycles, office,
                                                                                      awarded_cycle):
    earlier, later, _later_app = two_cycles
    client.force_login(office)

    default = client.get(reverse("review:score_matrix_xlsx"))
    chosen = client.get(reverse("review:score_matrix_xlsx"), {"cycle": earlier.number})

    assert f"cycle-{later.number}.xlsx" in default["Content-Disposition"]
    assert f"cycle-{earlier.number}.xlsx" in chosen["Content-Disposition"]
    rows = [r for ws in load_workbook(io.BytesIO(chosen.content)).worksheets for r in ws.iter_rows(values_only=True)]
    names = {r[1] for r in rows[1:]}
    assert names == {a.applicant_name for a in awarded_cycle}


def test_results_page_honours_the_cycle_and_offers_the_picker(client, two_cycles, office, awarded_cycle):
    earlier, later, later_app = two_cycles
    client.force_login(office)

    html = client.get(reverse("review:office_results"), {"cycle": earlier.number}).content.decode()

    assert awarded_cycle[0].applicant_name in html and later_app.applicant_name not in html
    assert f'<option value="{later.number}"' in html
    assert f"?cycle={earlier.number}" in html  # exports and reports carry the cycle


@pytest.mark.parametrize("value", ["abc", "999", "-1"], ids=str)
def test_a_cycle_that_does_not_exist_is_a_404(client, office, cycle, value):
    client.force_login(office)

    assert client.get(reverse("review:office_results"), {"cycle": value}).status_code == 404


def test_cycle_page_links_its_own_review(client, two_cycles, office):
    earlier, _later, _app = two_cycles
    client.force_login(office)

    html = client.get(reverse("award:cycle_manage", kwargs={"pk": earlier.pk})).content.decode()

    assert f'{reverse("review:office_results")}?cycle={earlier.number}' in html
