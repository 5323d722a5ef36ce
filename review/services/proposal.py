"""SPEC §7: the assignment proposal — K conflict-free experts of the sector's panel per qualified application.

How an expert is picked (the agency sees the reason on every pick):
- never a conflicted expert (Art. 12), a disqualified one (Art. 27) or one who already had an assignment on the
  application (declined or voided work is not offered again); a bid never overrides any of these;
- load is balanced: nobody goes above the panel's even share (the seats of the sector divided by its experts,
  rounded up) while an expert below it can take the seat;
- within that share, the best match goes first: each expertise keyword of the expert found in the application
  (name, industry, summary, achievements) counts, and the expert's bid adds to it (eager, willing) or takes away
  (reluctant); then the lighter load, then the lower id, so the proposal is deterministic.

The whole proposal reads its facts in a fixed number of queries, creates the assignments in one statement per
panel and writes one audit entry per panel listing every pick with its reason, so it costs the same number of
queries for 20 applications as for 2,000. Running it again only fills gaps (declines, voids).
"""
import math
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.db.models import Count
from django.utils.translation import gettext as _

from accounts.audit import audit_record
from award.models import Application, ApplicationState, Recusal

from ..models import Assignment, AssignmentState, Bid, BidPreference, Conflict, PanelMember
from ..workflows import LIVE
from .common import barred_experts_q

BID_WEIGHT = {BidPreference.EAGER: 3, BidPreference.WILLING: 1, BidPreference.RELUCTANT: -3}
KEYWORD_WEIGHT = 2


@dataclass
class Facts:
    """Everything the proposal needs about one cycle, read once."""

    k: int
    members: dict  # sector → [expert users, profile selected], ordered by id
    conflicted: set  # (expert_id, application_id)
    taken: dict  # application_id → {expert_id: state}
    bids: dict  # (expert_id, application_id) → preference
    loads: Counter  # expert_id → live assignments in the cycle


@dataclass
class Shortfall:
    """SPEC §7: an application with fewer live experts than the cycle's K, and why."""

    have: int
    need: int
    reasons: list = field(default_factory=list)


def proposal_facts(*, cycle, application_ids=None, applications=None) -> Facts:
    """Read the panels, conflicts, recusals, assignments and (when the cycle takes them) bids of the cycle (at most
    five queries). `applications`, with their assignments prefetched (a page of the agency's list), narrows the
    facts to them: their assignments are taken from the prefetch and the experts' loads counted in SQL, instead
    of reading every assignment of the cycle."""
    if applications is not None:
        application_ids = [a.pk for a in applications]
    members = defaultdict(list)
    for m in (PanelMember.objects.filter(panel__cycle=cycle, expert__is_active=True)
              .exclude(barred_experts_q("expert__"))  # Art. 27
              .select_related("panel", "expert__expert_profile").order_by("expert_id")):
        members[m.panel.sector].append(m.expert)
    conflicts = Conflict.objects.filter(application__cycle=cycle)
    recusals = Recusal.objects.filter(application__cycle=cycle)
    assignments = Assignment.objects.filter(application__cycle=cycle)
    bids = Bid.objects.filter(application__cycle=cycle)
    if application_ids is not None:
        conflicts, recusals = conflicts.filter(application_id__in=application_ids), recusals.filter(
            application_id__in=application_ids)
        bids = bids.filter(application_id__in=application_ids)
    conflicted = set(conflicts.values_list("expert_id", "application_id"))
    conflicted |= set(recusals.values_list("user_id", "application_id"))
    taken = defaultdict(dict)
    loads = Counter()
    if applications is not None:
        for application in applications:
            for assignment in application.assignments.all():
                taken[application.pk][assignment.expert_id] = assignment.state
        loads.update(dict(assignments.filter(state__in=LIVE).order_by().values("expert_id")
                          .annotate(n=Count("id")).values_list("expert_id", "n")))
    else:
        for app_id, expert_id, state in assignments.values_list("application_id", "expert_id", "state"):
            taken[app_id][expert_id] = state
            if state in LIVE:
                loads[expert_id] += 1
    return Facts(
        k=cycle.experts_per_application, members=members, conflicted=conflicted, taken=taken,
        bids={(e, a): p for e, a, p in bids.values_list("expert_id", "application_id", "preference")
              } if cycle.bids_enabled else {},  # Bids are read only when the cycle takes them
        loads=loads,
    )


def application_text(application) -> str:
    """What the keywords are looked for in: the name, the organization's industry, summary and achievements."""
    industry = application.organization.industry if application.organization_id else ""
    return " ".join((application.applicant_name, industry or "", application.summary, application.achievement))


def _live(facts, application_id):
    return sum(1 for state in facts.taken.get(application_id, {}).values() if state in LIVE)


def _candidates(facts, application):
    taken = facts.taken.get(application.pk, {})
    return [e for e in facts.members.get(application.sector, ())
            if e.pk not in taken and (e.pk, application.pk) not in facts.conflicted]


def _match(expert, text, facts, application_id):
    profile = getattr(expert, "expert_profile", None)
    keywords = [k for k in (profile.keywords if profile else []) if k and k in text]
    bid = facts.bids.get((expert.pk, application_id))
    return KEYWORD_WEIGHT * len(keywords) + BID_WEIGHT.get(bid, 0), keywords, bid


def _reason(keywords, bid, load):
    parts = [_("匹配关键词:%(words)s") % {"words": "、".join(keywords)} if keywords else _("本产业评审组专家")]
    if bid:
        parts.append(_("意愿:%(bid)s") % {"bid": BidPreference(bid).label})
    parts.append(_("分配后负担 %(n)s 份") % {"n": load})
    return ";".join(parts)


def plan(*, applications, facts) -> tuple[list, dict]:
    """Pick experts for the applications (in id order) on the facts; returns (picks, shortfalls) where a pick is
    (application, expert, reason) and shortfalls maps application id → Shortfall. Changes only `facts`."""
    applications = sorted(applications, key=lambda a: a.pk)
    seats = Counter()
    for application in applications:
        seats[application.sector] += max(facts.k - _live(facts, application.pk), 0)
    cap = {}
    for sector, experts in facts.members.items():
        live = sum(facts.loads[e.pk] for e in experts)
        cap[sector] = math.ceil((live + seats[sector]) / len(experts)) if experts else 0
    picks, shortfalls = [], {}
    for application in applications:
        need = facts.k - _live(facts, application.pk)
        if need <= 0:
            continue
        text = application_text(application)
        ranked = []
        for expert in _candidates(facts, application):
            score, keywords, bid = _match(expert, text, facts, application.pk)
            over = facts.loads[expert.pk] >= cap.get(application.sector, 0)
            ranked.append(((over, -score, facts.loads[expert.pk], expert.pk), expert, keywords, bid))
        ranked.sort(key=lambda r: r[0])
        for _key, expert, keywords, bid in ranked[:need]:
            facts.loads[expert.pk] += 1
            facts.taken[application.pk][expert.pk] = AssignmentState.PROPOSED
            picks.append((application, expert, _reason(keywords, bid, facts.loads[expert.pk])))
        have = _live(facts, application.pk)
        if have < facts.k:
            shortfalls[application.pk] = shortfall(application=application, facts=facts)
    return picks, shortfalls


def shortfall(*, application, facts) -> Shortfall | None:
    """SPEC §7: why an application has fewer than K live experts — no panel, a panel smaller than K, experts who
    must recuse (Art. 12), experts who declined or were voided. None when it has K."""
    have = _live(facts, application.pk)
    if have >= facts.k:
        return None
    members = facts.members.get(application.sector, [])
    reasons = []
    if not members:
        reasons.append(_("该产业尚未组建专项评审组或组内没有可用专家。"))
    elif len(members) < facts.k:
        reasons.append(_("本产业评审组仅 %(m)s 名可用专家,少于每份申报须有的 %(k)s 名。")
                       % {"m": len(members), "k": facts.k})
    conflicted = sum(1 for e in members if (e.pk, application.pk) in facts.conflicted)
    if conflicted:
        reasons.append(_("%(n)s 名专家因利害关系回避(第十二条)。") % {"n": conflicted})
    gone = sum(1 for e_id, state in facts.taken.get(application.pk, {}).items() if state not in LIVE)
    if gone:
        reasons.append(_("%(n)s 名专家已谢绝或分配已作废,不再分配给该申报。") % {"n": gone})
    if not reasons:
        reasons.append(_("尚未生成分配建议。"))
    return Shortfall(have=have, need=facts.k, reasons=reasons)


def picks_save(*, picks, cycle, by) -> list[Assignment]:
    """Create the picked assignments (one INSERT) and one audit entry per panel listing each pick's reason."""
    created = Assignment.objects.bulk_create([
        Assignment(application=application, expert=expert, created_by=by, reason=reason[:300])
        for application, expert, reason in picks
    ])
    by_sector = defaultdict(list)
    for (application, expert, reason), assignment in zip(picks, created, strict=True):
        by_sector[application.sector].append([application.pk, expert.username, reason, assignment.pk])
    for sector, rows in sorted(by_sector.items()):
        audit_record(action="review.assignments_proposed", actor=by, cycle_id=cycle.pk,
                     detail={"sector": sector, "picks": rows})
    return created


def qualified_applications(*, cycle):
    return Application.objects.filter(cycle=cycle, state=ApplicationState.QUALIFIED).select_related(
        "organization").order_by("id")
