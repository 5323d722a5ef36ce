"""SPEC §7 consensus round and Art. 19(四) site review."""
import datetime
from decimal import Decimal

import pytest

from award.models import StandardItem
from review.models import Assignment, ConflictSource, ConflictType, DocumentResult, Scorecard
from review.services import (
    ReviewError,
    conflict_record,
    consensus_record,
    scorecard_save,
    shortlist_blockers,
    site_report_submit,
    site_scorecard_open,
    site_visit_schedule,
)
from tests.factories.review import activate, full_percentages, submit_scores


def test_large_spread_blocks_shortlist_until_leader_records_consensus(cycle, experts, application, office):
    # SPEC §7: spread 300 > 0.15 × 1000
    for e, pct in zip(experts[:3], (40, 60, 70), strict=True):
        submit_scores(activate(Assignment.objects.create(application=application, expert=e, created_by=office)), pct)
    assert shortlist_blockers(cycle=cycle) != []
    items = StandardItem.objects.filter(category__standard=application.standard)

    consensus_record(application=application, scores={i.pk: (55, "合议认定") for i in items}, by=experts[0])

    result = DocumentResult.objects.get(application=application)
    assert (result.consensus_total, result.result, result.passes) == (Decimal("550.00"), Decimal("550.00"), True)
    assert shortlist_blockers(cycle=cycle) == []


def test_only_the_panel_leader_records_consensus(cycle, experts, application, office):
    for e, pct in zip(experts[:3], (40, 60, 70), strict=True):
        submit_scores(activate(Assignment.objects.create(application=application, expert=e, created_by=office)), pct)

    with pytest.raises(ReviewError):
        consensus_record(application=application, scores={}, by=experts[1])


def test_site_team_refuses_a_conflicted_member(experts, shortlisted, agency_user, office):
    # Art. 12
    conflict_record(expert=experts[2], application=shortlisted, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="亲属", by=office)

    with pytest.raises(ReviewError):
        site_visit_schedule(application=shortlisted, leader=experts[0], members=[experts[1], experts[2]],
                            scheduled_for=datetime.date(2025, 9, 10), by=agency_user)


def test_site_scores_and_report_write_the_site_score(experts, shortlisted, agency_user):
    visit = site_visit_schedule(application=shortlisted, leader=experts[0], members=[experts[1]],
                                scheduled_for=datetime.date(2025, 9, 10), by=agency_user)
    for expert, pct in ((experts[0], 60), (experts[1], 70)):
        card = site_scorecard_open(visit=visit, by=expert)
        with pytest.raises(ReviewError):
            site_report_submit(visit=visit, findings="x", report="y", by=experts[0])
        scorecard_save(scorecard=card, percentages=full_percentages(shortlisted, pct), findings="现场核实属实",
                       submit=True, by=expert)

    site_report_submit(visit=visit, findings="过程控制规范", report="建议推荐", by=experts[0])

    shortlisted.refresh_from_db()
    assert shortlisted.site_score == Decimal("650.00")
    assert Scorecard.objects.filter(site_visit=visit, state="submitted").count() == 2


def test_only_the_site_leader_submits_the_report(experts, shortlisted, agency_user):
    visit = site_visit_schedule(application=shortlisted, leader=experts[0], members=[experts[1]],
                                scheduled_for=datetime.date(2025, 9, 10), by=agency_user)

    with pytest.raises(ReviewError):
        site_report_submit(visit=visit, findings="x", report="y", by=experts[1])
