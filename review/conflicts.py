"""Art. 12: the conflict-of-interest rules, as pure functions over plain facts.

Keyed on unified social credit codes and ID numbers, never on names: two companies may share a name, a code
never. Each rule returns a `Finding` (type and a Chinese reason) or None; `conflict_findings` runs them all.
The services in review.services.conflicts turn findings into Conflict and Recusal rows.
"""
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from .models import ConflictType


def norm(code):
    """Credit codes and ID numbers compare without spaces and case ('x' in an ID number is 'X')."""
    return (code or "").replace(" ", "").strip().upper()


@dataclass(frozen=True)
class Employment:
    credit_code: str
    from_year: int
    to_year: int


@dataclass(frozen=True)
class Client:
    credit_code: str
    year: int
    kind_label: str = ""


@dataclass(frozen=True)
class Holding:
    credit_code: str
    since_year: int | None = None
    until_year: int | None = None


@dataclass(frozen=True)
class Relative:
    credit_code: str
    relation: str = ""


@dataclass(frozen=True)
class ExpertFacts:
    id_number: str = ""
    affiliation_credit_code: str = ""
    employments: tuple = ()
    clients: tuple = ()
    holdings: tuple = ()
    relatives: tuple = ()


@dataclass(frozen=True)
class Avoid:
    credit_code: str = ""
    id_number: str = ""


@dataclass(frozen=True)
class ApplicantFacts:
    kind: str
    credit_code: str = ""  # the organization's own code, or the individual applicant's employer's code
    id_number: str = ""  # the individual applicant's ID number
    avoid: tuple = field(default_factory=tuple)


@dataclass(frozen=True)
class Finding:
    type: str
    reason: str
    code: str = ""  # the credit code or ID number that matched, shown in the conflict matrix


def rule_current_employer(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: the expert works for the applicant organization (or for the individual applicant's employer)."""
    code = norm(applicant.credit_code)
    if code and norm(expert.affiliation_credit_code) == code:
        if applicant.kind == "individual":
            return Finding(ConflictType.INDIVIDUAL_EMPLOYER, _("专家现工作单位即个人申报者的工作单位(%(code)s)")
                           % {"code": code}, code)
        return Finding(ConflictType.EMPLOYER, _("专家现工作单位即申报组织(%(code)s)") % {"code": code}, code)
    return None


def rule_past_employer(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: the expert worked for the applicant (or the individual's employer) within the lookback years."""
    code = norm(applicant.credit_code)
    if not code:
        return None
    since = cycle_year - lookback_years
    for job in expert.employments:
        if norm(job.credit_code) == code and job.to_year >= since:
            return Finding(
                ConflictType.PAST_EMPLOYER,
                _("专家%(start)s—%(end)s年曾在该单位任职(%(code)s),在%(n)s年回避期内")
                % {"start": job.from_year, "end": job.to_year, "code": code, "n": lookback_years},
                code,
            )
    return None


def rule_consulting_client(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: the expert gave consulting or training to the applicant (or the individual's employer), any year."""
    code = norm(applicant.credit_code)
    if not code:
        return None
    for client in expert.clients:
        if norm(client.credit_code) == code:
            return Finding(
                ConflictType.CONSULTING,
                _("专家%(year)s年曾为该单位提供%(kind)s(%(code)s)")
                % {"year": client.year, "kind": client.kind_label or _("咨询或培训服务"), "code": code},
                code,
            )
    return None


def rule_self(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: an expert never reviews their own individual application."""
    if applicant.kind == "individual" and norm(applicant.id_number) and (
        norm(expert.id_number) == norm(applicant.id_number)
    ):
        return Finding(ConflictType.OTHER, _("专家本人即个人申报者"), norm(applicant.id_number))
    return None


def rule_avoid_list(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: the applicant asked that this person, or the expert's employer, keep out of its review."""
    for entry in applicant.avoid:
        if norm(entry.id_number) and norm(entry.id_number) == norm(expert.id_number):
            return Finding(ConflictType.AVOID_LIST, _("申报方申请该专家回避(身份证号码一致)"), norm(entry.id_number))
        if norm(entry.credit_code) and norm(entry.credit_code) == norm(expert.affiliation_credit_code):
            return Finding(
                ConflictType.AVOID_LIST,
                _("申报方申请专家所在单位回避(%(code)s)") % {"code": norm(entry.credit_code)},
                norm(entry.credit_code),
            )
    return None


def rule_shareholding(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: the expert holds (or held within the lookback years) shares in the applicant or the individual
    applicant's employer."""
    code = norm(applicant.credit_code)
    if not code:
        return None
    since = cycle_year - lookback_years
    for holding in expert.holdings:
        if norm(holding.credit_code) == code and (holding.until_year is None or holding.until_year >= since):
            if holding.until_year is None:
                period = _("至今") if holding.since_year is None else _("%(start)s年至今") % {
                    "start": holding.since_year}
            else:
                period = _("%(start)s—%(end)s年") % {"start": holding.since_year or "?", "end": holding.until_year}
            return Finding(ConflictType.SHAREHOLDING,
                           _("专家持有该单位股份(%(code)s,%(period)s)") % {"code": code, "period": period}, code)
    return None


def rule_relative_employer(expert, applicant, *, cycle_year, lookback_years):
    """Art. 12: a close relative the expert declared works for the applicant (or the individual's employer)."""
    code = norm(applicant.credit_code)
    if not code:
        return None
    for relative in expert.relatives:
        if norm(relative.credit_code) == code:
            return Finding(ConflictType.KINSHIP,
                           _("专家的亲属(%(relation)s)在该单位任职(%(code)s)")
                           % {"relation": relative.relation or _("亲属"), "code": code}, code)
    return None


DETECTION_RULES = (rule_self, rule_current_employer, rule_past_employer, rule_consulting_client,
                   rule_shareholding, rule_relative_employer)
APPLICANT_RULES = (rule_avoid_list,)


def conflict_findings(expert, applicant, *, cycle_year, lookback_years, rules=DETECTION_RULES + APPLICANT_RULES):
    """Every finding of the rules for one expert and one applicant, in rule order (empty: no conflict)."""
    findings = []
    for rule in rules:
        finding = rule(expert, applicant, cycle_year=cycle_year, lookback_years=lookback_years)
        if finding is not None:
            findings.append(finding)
    return findings
