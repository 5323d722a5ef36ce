"""Art. 12, 26, 27: the grant sync of a whole cycle reads the access rule's facts for every expert × application pair
in one query (review.access.expert_standings); each pair's facts are exactly those the one-pair query gives —
conflicts and recusals, bars on the account or on the ID number, the pledge, an active assignment, the panel's
lead and a site-team seat."""
import pytest

from award.models import Recusal
from review.access import expert_standing, expert_standings
from review.models import (
    Assignment,
    AssignmentState,
    BarSubject,
    Conflict,
    ConflictSource,
    ConflictType,
    ReviewerBar,
    SiteTeamMember,
    SiteVisit,
)
from tests.factories.review import make_application, make_expert, make_panel, pledge

pytestmark = pytest.mark.django_db


def test_bulk_facts_equal_the_one_pair_facts(cycle, office):
    panel, experts = make_panel(cycle, size=4)  # experts[0] leads the panel
    barred_by_id, barred_account, outsider, former = make_expert(), make_expert(), make_expert(), make_expert()
    everyone = [*experts, barred_by_id, barred_account, outsider]
    pledge(cycle, *experts[:3], barred_by_id, barred_account)
    apps = [make_application(cycle) for _ in range(3)]
    for expert in everyone[1:]:
        Assignment.objects.create(application=apps[0], expert=expert, created_by=office, state=AssignmentState.ACTIVE)
    Assignment.objects.create(application=apps[1], expert=experts[2], created_by=office, state=AssignmentState.VOID)
    Conflict.objects.create(expert=experts[1], application=apps[0], source=ConflictSource.OFFICE,
                            type=ConflictType.OTHER, reason="亲属")
    Recusal.objects.create(application=apps[2], user=experts[2], reason="回避")
    # Art. 27: a bar on a former account of the same person, by ID number
    ReviewerBar.objects.create(subject=BarSubject.EXPERT, user=former,
                               id_number=barred_by_id.expert_profile.id_number.upper(), name="专家", cycle=cycle,
                               reason="第二十七条", decided_by=office)
    ReviewerBar.objects.create(subject=BarSubject.EXPERT, user=barred_account, name="专家", cycle=cycle,
                               reason="第二十七条", decided_by=office)
    visit = SiteVisit.objects.create(application=apps[1], scheduled_for=cycle.application_closes, leader=experts[3],
                                     created_by=office)
    SiteTeamMember.objects.create(visit=visit, expert=experts[3])

    pairs = [(e.pk, a.pk) for e in everyone for a in apps]
    bulk = expert_standings(pairs)

    assert bulk == {(e.pk, a.pk): expert_standing(e, a) for e in everyone for a in apps}
    assert bulk[(experts[1].pk, apps[0].pk)]["conflicted"] and bulk[(experts[2].pk, apps[2].pk)]["conflicted"]
    assert bulk[(barred_by_id.pk, apps[0].pk)]["expert_barred"] and bulk[(barred_account.pk, apps[0].pk)]["barred"]
    assert bulk[(experts[0].pk, apps[1].pk)]["leads"] and bulk[(experts[3].pk, apps[1].pk)]["site_member"]
    assert not bulk[(outsider.pk, apps[0].pk)]["pledged"]
