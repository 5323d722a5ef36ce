"""SPEC §7: experts bid on their panel's applications before assignment; a bid never overrides a conflict."""
import pytest
from django.urls import reverse

from accounts.models import AuditEntry
from review.models import Assignment, Bid, ConflictSource, ConflictType
from review.services import ReviewError, assignments_propose, bid_set, conflict_record
from tests.factories.review import make_agency, make_application, make_cycle, make_panel, pledge


@pytest.fixture
def bidding(db):
    cycle = make_cycle(bids_enabled=True, experts_per_application=1)
    _, experts = make_panel(cycle, size=3)
    pledge(cycle, *experts)
    return cycle, experts, make_application(cycle)


def test_a_bid_is_recorded_audited_and_weighed_by_the_proposal(bidding, office):
    cycle, experts, application = bidding
    bid_set(application=application, expert=experts[2], preference="eager", by=experts[2])

    assignments_propose(cycle=cycle, by=make_agency(cycle, office=office)[1])

    assert AuditEntry.objects.filter(action="review.bid_set", application_id=application.pk).count() == 1
    picked = Assignment.objects.get(application=application)
    assert picked.expert == experts[2] and "意愿:非常愿意" in picked.reason


def test_a_bid_on_a_conflicted_application_is_refused(bidding, office):
    # Art. 12: bids never override conflicts
    _cycle, experts, application = bidding
    conflict_record(expert=experts[1], application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="亲属", by=office)

    with pytest.raises(ReviewError, match="第十二条"):
        bid_set(application=application, expert=experts[1], preference="eager", by=experts[1])
    assert not Bid.objects.exists()


@pytest.mark.parametrize("case", ["disabled", "someone_else", "other_sector", "unpledged"])
def test_bids_are_refused_outside_their_rules(db, case):
    cycle = make_cycle(bids_enabled=case != "disabled")
    _, experts = make_panel(cycle, size=2)
    if case != "unpledged":
        pledge(cycle, *experts)
    application = make_application(cycle, sector="tertiary" if case == "other_sector" else "secondary")
    by = experts[1] if case == "someone_else" else experts[0]

    with pytest.raises(ReviewError):
        bid_set(application=application, expert=experts[0], preference="willing", by=by)
    assert not Bid.objects.exists()


def test_an_empty_preference_withdraws_the_bid(bidding):
    _cycle, experts, application = bidding
    bid_set(application=application, expert=experts[0], preference="willing", by=experts[0])

    bid_set(application=application, expert=experts[0], preference="", by=experts[0])

    assert not Bid.objects.exists()


def test_the_bid_page_lists_the_panels_applications_but_not_a_conflicted_one(client, bidding, office):
    # Art. 12: a conflicted application is not even offered
    cycle, experts, application = bidding
    other = make_application(cycle, name="滨州回避测试机械有限公司")
    conflict_record(expert=experts[0], application=other, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="亲属", by=office)
    client.force_login(experts[0])

    html = client.get(reverse("review:bids")).content.decode()
    client.post(reverse("review:bids"), {"application": application.pk, "preference": "eager"})
    client.post(reverse("review:bids"), {"application": other.pk, "preference": "eager"})

    assert application.applicant_name in html and other.applicant_name not in html
    assert list(Bid.objects.values_list("application_id", "preference")) == [(application.pk, "eager")]
