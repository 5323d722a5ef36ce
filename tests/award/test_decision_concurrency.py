"""Caps hold when two office users propose at the same moment (Art. 6, 7), on PostgreSQL with real transactions."""
import threading

import pytest
from django.db import connection

from award import services
from award.models import ApplicationState, CycleStage, Proposal
from tests.factories.accounts import OfficeUserFactory
from tests.factories.decision import application_at_site_review, decision_cycle, set_stage


@pytest.mark.django_db(transaction=True)
@pytest.mark.parametrize("award_kind", ["organization", "nomination"], ids=["organization-cap", "nomination-cap"])
def test_two_concurrent_proposals_for_the_last_place_one_wins(award_kind):
    if connection.vendor != "postgresql":
        pytest.skip("row locks need PostgreSQL")
    cycle = set_stage(decision_cycle(organization_award_cap=1, nomination_award_cap=1), CycleStage.COMPREHENSIVE_REVIEW)
    offices = [OfficeUserFactory(), OfficeUserFactory()]
    applications = [application_at_site_review(cycle, office=offices[0]) for _ in range(2)]
    barrier = threading.Barrier(2)
    outcomes = [None, None]

    def propose(i):
        try:
            barrier.wait(timeout=10)
            services.proposal_create(cycle=cycle, application=applications[i], award_kind=award_kind, by=offices[i])
            outcomes[i] = "ok"
        except services.WorkflowError as error:
            outcomes[i] = str(error)
        finally:
            connection.close()

    threads = [threading.Thread(target=propose, args=(i,)) for i in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=30)

    # Art. 6 (organization awards) / Art. 7 (nomination awards): cap 1 here, so exactly one proposal stands.
    expected = {"organization": "组织奖名额已满(上限 1 个,第六条)", "nomination": "组织提名奖名额已满(上限 1 个,第七条)"}
    assert sorted(outcomes) == sorted(["ok", expected[award_kind]])
    assert Proposal.objects.filter(cycle=cycle, award_kind=award_kind).count() == 1
    states = sorted(a.__class__.objects.get(pk=a.pk).state for a in applications)
    assert states == sorted([ApplicationState.CANDIDATE, ApplicationState.SITE_REVIEW])
