"""Art. 11: the supervision group's rotation, appointment and dissolution when the cycle closes."""
import pytest
from django.utils import timezone

from award.models import Award, CycleStage
from award.services import WorkflowError
from supervision import services
from tests.factories.accounts import valid_id_number
from tests.factories.award import CycleFactory, award_for
from tests.factories.supervision import appointed_group, supervisors

pytestmark = pytest.mark.django_db


def _group_with(cycle, office, users):
    group = services.group_propose(cycle=cycle, by=office)
    for user in users:
        services.group_member_add(group=group, user=user, category="media", name=str(user), by=office)
    return group


@pytest.fixture
def previous_group(office):
    previous = CycleFactory(number=7, stage=CycleStage.AWARDED)
    members = supervisors(6, prefix="old")
    appointed_group(cycle=previous, office=office, users=members)
    return members


def test_group_appoint_with_exactly_one_third_new_members_passes(office, previous_group):
    # Art. 11: rotation "不少于三分之一" — 2 new of 6 is exactly one third.
    cycle = CycleFactory(number=8)
    group = _group_with(cycle, office, previous_group[:4] + supervisors(2, prefix="new"))

    appointed = services.group_appoint(group=group, approved_on=timezone.localdate(), approval_reference="会议纪要",
                                       by=office)

    assert appointed.is_appointed
    assert services.group_rotation(group=appointed).text == "新成员 2/6 = 33.3%,不少于1/3。"


def test_group_appoint_with_just_under_one_third_new_is_refused_with_ratio(office, previous_group):
    # Art. 11: 2 new of 7 is 28.6 %, under one third.
    cycle = CycleFactory(number=8)
    group = _group_with(cycle, office, previous_group[:5] + supervisors(2, prefix="new"))

    with pytest.raises(WorkflowError) as caught:
        services.group_appoint(group=group, approved_on=timezone.localdate(), approval_reference="会议纪要", by=office)

    assert caught.value.reasons == ["新成员 2/7 = 28.6%,少于1/3。"]
    group.refresh_from_db()
    assert group.appointed_at is None


def test_group_rotation_counts_a_new_account_with_an_old_id_number_as_old(office):
    # Art. 11: rotation is by person, not by account.
    previous = CycleFactory(number=7, stage=CycleStage.AWARDED)
    old = supervisors(3, prefix="old")
    group = _group_with(previous, office, [])
    for i, user in enumerate(old):
        services.group_member_add(group=group, user=user, category="lawyer", name="旧", id_number=valid_id_number(f"3723211980010100{i}"),
                                  by=office)
    services.group_appoint(group=group, approved_on=timezone.localdate(), approval_reference="纪要", by=office)
    cycle = CycleFactory(number=8)
    fresh = supervisors(3, prefix="fresh")
    group = _group_with(cycle, office, [])
    for i, user in enumerate(fresh):
        services.group_member_add(group=group, user=user, category="lawyer", name="新",
                                  id_number=valid_id_number(f"3723211980010100{i}") if i < 2 else "", by=office)

    rotation = services.group_rotation(group=group)

    assert (rotation.new, rotation.total, rotation.passes) == (1, 3, True)


def test_cycle_close_dissolves_group_and_deactivates_accounts(office, cycle):
    members = supervisors(2)
    appointed_group(cycle=cycle, office=office, users=members)
    services.report_submit(cycle=cycle, title="报告", summary="正常", by=members[0])
    Award.objects.all().delete()
    cycle.stage = CycleStage.AWARDED
    cycle.save()

    services.cycle_close(cycle=cycle, by=office)

    cycle.refresh_from_db()
    assert cycle.stage == CycleStage.CLOSED
    assert cycle.supervision_group.dissolved_at is not None
    assert [m.user.is_active for m in cycle.supervision_group.members.select_related("user")] == [False, False]


def test_cycle_close_refused_while_a_complaint_is_open(office, cycle):
    members = supervisors(1)
    appointed_group(cycle=cycle, office=office, users=members)
    services.report_submit(cycle=cycle, title="报告", summary="正常", by=members[0])
    from tests.factories.supervision import complaint

    complaint()
    cycle.stage = CycleStage.AWARDED
    cycle.save()

    with pytest.raises(WorkflowError) as caught:
        services.cycle_close(cycle=cycle, by=office)

    assert caught.value.reasons == ["还有 1 件投诉举报未办结。"]


def test_closed_cycle_is_read_only_for_its_supervisors(office, cycle, client):
    members = supervisors(1)
    appointed_group(cycle=cycle, office=office, users=members)
    services.report_submit(cycle=cycle, title="报告", summary="正常", by=members[0])
    cycle.stage = CycleStage.AWARDED
    cycle.save()
    services.cycle_close(cycle=cycle, by=office)
    members[0].refresh_from_db()

    with pytest.raises(WorkflowError):
        services.opinion_add(cycle=cycle, text="补充意见", by=members[0])
    client.force_login(members[0])
    assert client.get(f"/supervision/cycles/{cycle.pk}/record/").status_code == 302  # inactive: logged out


def test_award_helper_builds_valid_award(office):
    award = award_for()

    assert award.valid_until > award.awarded_on
