"""SPEC §7 and Art. 12: proposing, changing and declining assignments; conflicts refused three times."""
import pytest
from guardian.core import ObjectPermissionChecker

from accounts.models import AuditEntry
from review.models import Assignment, AssignmentState, ConflictSource, ConflictType, PastEmployment
from review.selectors import applications_for_expert
from review.services import (
    ReviewError,
    assignment_add,
    assignment_decline,
    assignments_confirm,
    assignments_propose,
    conflict_record,
)
from tests.factories.review import make_application, pledge


def live_experts(application):
    return sorted(
        application.assignments.filter(state__in=["proposed", "active"]).values_list("expert_id", flat=True)
    )


def test_propose_gives_k_experts_per_application_balanced(cycle, panel, agency_user):
    _, experts = panel
    apps = [make_application(cycle) for _ in range(4)]

    assignments_propose(cycle=cycle, by=agency_user)

    loads = sorted(Assignment.objects.filter(expert=e).count() for e in experts)
    assert [len(live_experts(a)) for a in apps] == [3, 3, 3, 3]
    assert loads == [3, 3, 3, 3]  # 12 assignments over 4 experts


def test_propose_is_deterministic_and_only_fills_gaps(cycle, panel, agency_user):
    app = make_application(cycle)
    assignments_propose(cycle=cycle, by=agency_user)
    first = live_experts(app)

    created = assignments_propose(cycle=cycle, by=agency_user)

    assert (created, live_experts(app)) == ([], first)


def test_propose_skips_the_applicants_former_employee(cycle, panel, agency_user):
    # Art. 12: detected from the credit code before proposing
    _, experts = panel
    app = make_application(cycle)
    PastEmployment.objects.create(expert=experts[1].expert_profile, employer="x",
                                  credit_code=app.organization.credit_code, from_year=2015, to_year=2024)

    assignments_propose(cycle=cycle, by=agency_user)

    assert experts[1].pk not in live_experts(app)
    assert len(live_experts(app)) == 3


def test_propose_skips_other_sectors_panel(cycle, panel, agency_user):
    app = make_application(cycle, sector="primary")

    assignments_propose(cycle=cycle, by=agency_user)

    assert live_experts(app) == []


def test_manual_add_of_conflicted_expert_is_refused(cycle, panel, agency_user, application):
    # Art. 12: the service refuses
    _, experts = panel
    conflict_record(expert=experts[0], application=application, source=ConflictSource.OFFICE,
                    type=ConflictType.KINSHIP, reason="亲属")

    with pytest.raises(ReviewError):
        assignment_add(application=application, expert=experts[0], by=agency_user)
    assert application.assignments.count() == 0


def test_confirm_grants_nothing_before_the_pledge(cycle, panel, agency_user, application):
    # Art. 26: the assignment alone opens no material; the grant is written when the expert signs the pledge.
    from review.services import pledge_sign

    assignments_propose(cycle=cycle, by=agency_user)
    expert = application.assignments.first().expert

    assignments_confirm(cycle=cycle, by=agency_user)

    assert ObjectPermissionChecker(expert).has_perm("view_application", application) is False
    assert expert.notifications.filter(event="assigned").count() == 1

    pledge_sign(cycle=cycle, expert=expert, signed_name="专家", by=expert)

    assert ObjectPermissionChecker(expert).has_perm("view_application", application) is True
    assert ObjectPermissionChecker(expert).has_perm("view_evidence", application) is True


def test_decline_proposes_a_replacement_and_takes_the_grant_back(cycle, panel, agency_user, application):
    assignments_propose(cycle=cycle, by=agency_user)
    assignments_confirm(cycle=cycle, by=agency_user)
    assignment = application.assignments.order_by("id").first()

    replacements = assignment_decline(assignment=assignment, reason="出差", by=assignment.expert)

    assignment.refresh_from_db()
    assert assignment.state == AssignmentState.DECLINED
    assert [r.state for r in replacements] == [AssignmentState.PROPOSED]
    assert replacements[0].expert_id != assignment.expert_id
    assert not ObjectPermissionChecker(assignment.expert).has_perm("view_application", application)
    assert AuditEntry.objects.filter(action="review.assignment_declined").count() == 1


def test_decline_needs_a_reason(cycle, panel, agency_user, application):
    assignments_propose(cycle=cycle, by=agency_user)
    assignment = application.assignments.first()

    with pytest.raises(ReviewError):
        assignment_decline(assignment=assignment, reason=" ", by=assignment.expert)


def test_expert_sees_nothing_before_the_pledge(cycle, panel, agency_user, application):
    # Art. 26
    assignments_propose(cycle=cycle, by=agency_user)
    assignments_confirm(cycle=cycle, by=agency_user)
    expert = application.assignments.first().expert

    before = list(applications_for_expert(user=expert))
    pledge(cycle, expert)
    after = list(applications_for_expert(user=expert))

    assert (before, after) == ([], [application])


def test_selector_excludes_a_conflicted_application(cycle, panel, agency_user, application):
    # Art. 12: the selector excludes (even with an old grant left in place)
    assignments_propose(cycle=cycle, by=agency_user)
    assignments_confirm(cycle=cycle, by=agency_user)
    expert = application.assignments.first().expert
    pledge(cycle, expert)

    conflict_record(expert=expert, application=application, source=ConflictSource.DECLARED,
                    type=ConflictType.SHAREHOLDING, reason="持股")

    assert list(applications_for_expert(user=expert)) == []
    assert not ObjectPermissionChecker(expert).has_perm("view_application", application)
