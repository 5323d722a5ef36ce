"""SPEC §7: the assignment proposal matches keywords and bids within a balanced load, gives each pick its reason,
warns when an application gets fewer than K experts and says why, and costs a bounded number of queries whatever
the size (issue 12). The agency swaps an expert with the conflict check (Art. 12)."""
import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from award.models import Application
from review.models import Assignment, AssignmentState, Bid, BidPreference, ConflictSource, ConflictType
from review.services import ReviewError, assignment_swap, assignments_propose, conflict_record
from review.services.proposal import plan, proposal_facts, qualified_applications, shortfall
from tests.factories.review import activate, make_application, make_cycle, make_expert, make_panel

pytestmark = pytest.mark.django_db


def live(application):
    return list(application.assignments.filter(state__in=["proposed", "active"]).values_list("expert_id", flat=True))


def _keywords(expert, *words):
    profile = expert.expert_profile
    profile.keywords = list(words)
    profile.save()


def test_keyword_match_goes_first_and_the_reason_says_so(agency_user):
    cycle = make_cycle(experts_per_application=1)
    _panel, experts = make_panel(cycle, size=3)
    _keywords(experts[2], "铝材")
    application = make_application(cycle, name="邹平铝材加工有限公司")

    assignments_propose(cycle=cycle, by=agency_user)

    assignment = Assignment.objects.get(application=application)
    assert assignment.expert == experts[2]
    assert "匹配关键词:铝材" in assignment.reason


def test_load_stays_balanced_even_for_the_best_match(agency_user):
    # six seats over three experts: two each, though one expert matches every application
    cycle = make_cycle(experts_per_application=1)
    _panel, experts = make_panel(cycle, size=3)
    _keywords(experts[0], "机械")
    for n in range(6):
        make_application(cycle, name=f"滨州机械制造{n}")

    assignments_propose(cycle=cycle, by=agency_user)

    loads = sorted(Assignment.objects.filter(expert=e).count() for e in experts)
    assert loads == [2, 2, 2]
    assert Assignment.objects.filter(expert=experts[0]).count() == 2


def test_eager_bid_is_preferred_when_the_cycle_takes_bids(agency_user):
    cycle = make_cycle(experts_per_application=1, bids_enabled=True)
    _panel, experts = make_panel(cycle, size=3)
    application = make_application(cycle)
    Bid.objects.create(application=application, expert=experts[1], preference=BidPreference.EAGER)

    assignments_propose(cycle=cycle, by=agency_user)

    assignment = Assignment.objects.get(application=application)
    assert assignment.expert == experts[1] and "意愿:非常愿意" in assignment.reason


def test_bids_are_ignored_when_the_cycle_does_not_take_them(agency_user):
    cycle = make_cycle(experts_per_application=1, bids_enabled=False)
    _panel, experts = make_panel(cycle, size=3)
    application = make_application(cycle)
    Bid.objects.create(application=application, expert=experts[2], preference=BidPreference.EAGER)

    assignments_propose(cycle=cycle, by=agency_user)

    assert live(application) == [experts[0].pk]


def test_a_bid_never_overrides_a_conflict(agency_user):
    # Art. 12
    cycle = make_cycle(experts_per_application=1, bids_enabled=True)
    _panel, experts = make_panel(cycle, size=2)
    application = make_application(cycle)
    Bid.objects.create(application=application, expert=experts[1], preference=BidPreference.EAGER)
    conflict_record(expert=experts[1], application=application, source=ConflictSource.DECLARED,
                    type=ConflictType.KINSHIP, reason="表弟在该企业")

    assignments_propose(cycle=cycle, by=agency_user)

    assert live(application) == [experts[0].pk]


def test_fewer_than_k_is_warned_with_its_reasons(agency_user):
    # SPEC §7: K = 3, a panel of three of whom one is conflicted and one declined earlier
    cycle = make_cycle()
    _panel, experts = make_panel(cycle, size=3)
    application = make_application(cycle)
    conflict_record(expert=experts[0], application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.OTHER, reason="办公室认定")
    Assignment.objects.create(application=application, expert=experts[1], state=AssignmentState.DECLINED,
                              created_by=agency_user)

    assignments_propose(cycle=cycle, by=agency_user)

    short = shortfall(application=application, facts=proposal_facts(cycle=cycle))
    assert (short.have, short.need) == (1, 3)
    text = " ".join(short.reasons)
    assert "1 名专家因利害关系回避" in text and "1 名专家已谢绝或分配已作废" in text


def test_panel_smaller_than_k_is_named(agency_user):
    cycle = make_cycle()
    make_panel(cycle, size=2)
    application = make_application(cycle)
    facts = proposal_facts(cycle=cycle)

    _picks, shortfalls = plan(applications=[application], facts=facts)

    assert "仅 2 名可用专家,少于每份申报须有的 3 名" in shortfalls[application.pk].reasons[0]


def test_no_panel_is_named(agency_user):
    cycle = make_cycle()
    application = make_application(cycle)

    _picks, shortfalls = plan(applications=[application], facts=proposal_facts(cycle=cycle))

    assert "尚未组建专项评审组" in shortfalls[application.pk].reasons[0]


def _proposal_queries(agency_user, size):
    cycle = make_cycle()
    make_panel(cycle, size=6)
    for _ in range(size):
        make_application(cycle)
    with CaptureQueriesContext(connection) as queries:
        created = assignments_propose(cycle=cycle, by=agency_user)
    assert len(created) == 3 * size
    return len(queries)


def test_proposal_query_count_is_the_same_at_two_sizes(agency_user):
    # Issue 12: a fixed number of queries per panel, whatever the number of applications
    assert (_proposal_queries(agency_user, 5), _proposal_queries(agency_user, 60)) == (27, 27)


def test_qualified_applications_only(agency_user):
    cycle = make_cycle()
    make_application(cycle)
    make_application(cycle, state="endorsed")

    assert qualified_applications(cycle=cycle).count() == 1 == Application.objects.filter(
        cycle=cycle, state="qualified").count()


def test_swap_replaces_an_active_expert_and_activates_the_newcomer(cycle, agency_user):
    _panel, experts = make_panel(cycle, size=4)
    application = make_application(cycle)
    old = activate(Assignment.objects.create(application=application, expert=experts[0], created_by=agency_user))

    new = assignment_swap(assignment=old, expert=experts[3], reason="专家出差", by=agency_user)

    old.refresh_from_db()
    assert old.state == AssignmentState.VOID
    assert (new.expert, new.state) == (experts[3], AssignmentState.ACTIVE)
    assert "专家出差" in new.reason


def test_swap_to_a_conflicted_expert_is_refused_and_changes_nothing(cycle, agency_user):
    # Art. 12
    _panel, experts = make_panel(cycle, size=3)
    application = make_application(cycle)
    old = Assignment.objects.create(application=application, expert=experts[0], created_by=agency_user)
    conflict_record(expert=experts[1], application=application, source=ConflictSource.DETECTED,
                    type=ConflictType.EMPLOYER, reason="现工作单位")

    with pytest.raises(ReviewError, match="利害关系"):
        assignment_swap(assignment=old, expert=experts[1], reason="调换", by=agency_user)

    old.refresh_from_db()
    assert old.state == AssignmentState.PROPOSED
    assert not Assignment.objects.filter(expert=experts[1]).exists()


def test_swap_to_an_expert_outside_the_panel_is_refused(cycle, agency_user):
    _panel, experts = make_panel(cycle, size=2)
    application = make_application(cycle)
    old = Assignment.objects.create(application=application, expert=experts[0], created_by=agency_user)

    with pytest.raises(ReviewError, match="不在本产业"):
        assignment_swap(assignment=old, expert=make_expert(), reason="调换", by=agency_user)
