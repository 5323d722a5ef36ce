"""Art. 24: the grounds by kind, the case from complaint to announcement and recovery, and the 5-year ban."""
import datetime

import pytest
from django.utils import timezone

from award.dates import add_years
from award.eligibility import eligibility_checks
from award.models import Award, NoticeKind
from award.services import WorkflowError
from supervision import services
from supervision.forms import RevocationOpenForm
from supervision.models import GROUNDS_INDIVIDUAL, GROUNDS_ORGANIZATION, RevocationState, grounds_for_kind
from tests.factories.accounts import IndividualFactory, OrganizationFactory
from tests.factories.award import CycleFactory, award_for

pytestmark = pytest.mark.django_db
ORG_CODES = [code for code, _ in GROUNDS_ORGANIZATION]
IND_CODES = [code for code, _ in GROUNDS_INDIVIDUAL]


def test_grounds_lists_have_the_regulations_counts():
    # Art. 24: 11 grounds for organizations, 9 for individuals.
    assert (len(ORG_CODES), len(IND_CODES)) == (11, 9)
    assert dict(grounds_for_kind("individual"))["ind-05"] == "(五)抄袭、剽窃他人研究或技术成果的"
    assert dict(grounds_for_kind("organization"))["org-11"] == "(十一)发生其他严重违反法律法规行为的"


@pytest.mark.parametrize("kind", ["organization", "nomination", "individual"])
def test_revocation_form_offers_only_the_grounds_of_the_awards_kind(kind):
    award = Award(kind=kind)

    offered = [code for code, _ in RevocationOpenForm(award=award).fields["ground"].choices]

    assert offered == (IND_CODES if kind == "individual" else ORG_CODES)


@pytest.mark.parametrize("ground", ORG_CODES + IND_CODES, ids=str)
def test_revocation_open_accepts_each_ground_for_its_kind_only(office, ground):
    individual = ground.startswith("ind")
    award = award_for(kind="individual", profile=IndividualFactory()) if individual else award_for()
    other = award_for() if individual else award_for(kind="individual", profile=IndividualFactory())

    case = services.revocation_open(award=award, source="media", ground=ground, source_detail="报道", by=office)
    with pytest.raises(WorkflowError):
        services.revocation_open(award=other, source="media", ground=ground, source_detail="报道", by=office)

    assert case.ground == ground


def _revoke(office, award, decided_on):
    case = services.revocation_open(award=award, source="media", ground="org-08", source_detail="滨州日报", by=office)
    services.revocation_investigate(case=case, findings="查证属实", substantiated=True, by=office)
    services.revocation_propose(case=case, propose=True, meeting="领导小组第3次会议", proposal_date=decided_on,
                                by=office)
    return services.revocation_decide(case=case, body="滨州市人民政府", decision_date=decided_on,
                                      reference="滨政字〔2025〕9号", notice_starts_on=timezone.localdate(), by=office)


def test_revocation_decide_revokes_award_and_publishes_announcement(office):
    award = award_for()

    case = _revoke(office, award, timezone.localdate())

    award.refresh_from_db()
    assert award.revoked_on == timezone.localdate()
    assert award.revocation_reference == "滨政字〔2025〕9号"
    assert case.state == RevocationState.REVOKED
    assert case.notice.kind == NoticeKind.REVOCATION
    assert [e.application_id for e in case.notice.entries.all()] == [award.application_id]


def test_revocation_recovery_closes_case_when_trophy_and_certificate_are_back(office):
    case = _revoke(office, award_for(), timezone.localdate())
    today = timezone.localdate()

    case = services.revocation_recovery_record(case=case, certificate_recovered_on=today, by=office)
    assert case.state == RevocationState.REVOKED
    case = services.revocation_recovery_record(case=case, trophy_recovered_on=today, by=office)

    assert case.state == RevocationState.RECOVERED


def test_revocation_decide_refused_before_the_leading_groups_proposal(office):
    award = award_for()
    case = services.revocation_open(award=award, source="media", ground="org-02", source_detail="事故", by=office)
    services.revocation_investigate(case=case, findings="属实", substantiated=True, by=office)

    with pytest.raises(WorkflowError):
        services.revocation_decide(case=case, body="市政府", decision_date=timezone.localdate(), reference="文号",
                                   notice_starts_on=timezone.localdate(), by=office)
    award.refresh_from_db()
    assert award.revoked_on is None


@pytest.mark.parametrize(("offset", "passes"), [(-1, False), (0, True), (1, True)], ids=["day_before", "day", "after"])
def test_revocation_ban_stops_an_application_until_the_day_it_ends(office, offset, passes):
    # Art. 24: "撤销奖项的组织或个人5年内不得参加市长质量奖的评审" — refused until the day the ban ends.
    profile = OrganizationFactory(with_certification=True)
    revoked_on = timezone.localdate() - datetime.timedelta(days=30)
    award = award_for(profile=profile, awarded_on=revoked_on - datetime.timedelta(days=300))
    _revoke(office, award, revoked_on)
    cycle = CycleFactory()
    ends = add_years(revoked_on, cycle.ban_years)

    checks = eligibility_checks(cycle=cycle, kind="organization", organization=profile,
                                on_date=ends + datetime.timedelta(days=offset))
    ban = next(c for c in checks if c.code == "revocation_ban")

    assert ban.passed is passes
    if not passes:
        assert f"{ends.year}年{ends.month}月{ends.day}日起方可申报" in ban.reason
