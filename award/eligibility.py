"""What data can check about who may apply (SPEC §3; Art. 6, 15, 17, 18, 24).

Each rule returns a `Check`: pass or fail with a sentence that gives the dates and numbers behind it, shown to the
applicant while filling in and recorded on the application when it is submitted (the office reads that record in
qualification review). What only a person can judge (integrity, contribution, accidents, complaints) is a
declaration the applicant signs, not a check here.

Numbers come from the cycle (`min_operating_years`, `min_quality_work_years`, `ban_years`), never from this module.

Counting years: a period of N years from day D is complete on the same calendar day N years later; a period that
starts on 29 February ends on 28 February when the target year has no 29 February (`dates.add_years`).
The same rule serves the years of operation, the years of quality work and the ban after a revocation, which ends on its anniversary: on that day the organization or person may apply again.
"""
from dataclasses import asdict, dataclass

from django.db.models import Q
from django.utils.formats import date_format
from django.utils.translation import gettext as _

from accounts.identifiers import credit_code_error, id_number_error, identifier_normalize

from .dates import add_years
from .models import Award, CycleStage

__all__ = [
    "Check", "eligibility_checks", "eligibility_failures",
]

ORGANIZATION = "organization"
INDIVIDUAL = "individual"


@dataclass(frozen=True)
class Check:
    """One data-checkable rule: which article it applies, whether it passed, and why in one sentence."""

    code: str
    article: str
    label: str
    passed: bool
    reason: str

    def as_dict(self):
        return asdict(self)


def eligibility_checks(*, cycle, kind, organization=None, individual=None, on_date, certifications=None):
    """Every data-checkable eligibility rule for an organization or individual applying to `cycle` on `on_date`.

    `kind` is "organization" (pass `organization`, an accounts.OrganizationProfile) or "individual" (pass
    `individual`, an accounts.IndividualProfile). Reads certifications and earlier awards; changes nothing.
    `certifications` replaces the organization's stored certificates (the live check of unsaved form data).
    """
    if kind == ORGANIZATION and organization is not None:
        key_field, key = "credit_code", identifier_normalize(organization.credit_code)
        checks = [
            _application_window(cycle, on_date),
            _credit_code(organization.credit_code, article=_("第十五条(一)"), code="credit_code",
                         label=_("统一社会信用代码校验(GB 32100)")),
            _operating_years(cycle, organization, on_date),
            _certification(
                list(organization.certifications.all()) if certifications is None else certifications, on_date
            ),
        ]
    elif kind == INDIVIDUAL and individual is not None:
        key_field, key = "id_number", identifier_normalize(individual.id_number)
        checks = [
            _application_window(cycle, on_date),
            _id_number(individual.id_number),
            _quality_work_years(cycle, individual, on_date),
        ]
        if (individual.employer_credit_code or "").strip():
            checks.append(
                _credit_code(individual.employer_credit_code, article=_("第十七条(五)"), code="employer_credit_code",
                             label=_("工作单位统一社会信用代码校验(GB 32100)"))
            )
    else:
        raise ValueError(f"eligibility_checks needs kind 'organization' with organization= or 'individual' "
                         f"with individual=, got kind={kind!r}")
    awards = list(
        Award.objects.filter(Q(**{f"{key_field}__iexact": key}) if key else Q(pk__in=[])).select_related("cycle")
    )
    checks.append(_repeat_award(kind, awards, on_date))
    checks.append(_revocation_ban(cycle, awards, on_date))
    return checks


def eligibility_failures(checks):
    """The checks that did not pass, in their order."""
    return [check for check in checks if not check.passed]


def _d(day):
    return date_format(day, "DATE_FORMAT")


def _application_window(cycle, on_date):
    """Art. 18: applications are accepted only within the published window while the cycle is open."""
    window = {"opens": _d(cycle.application_opens), "closes": _d(cycle.application_closes), "on": _d(on_date)}
    if cycle.stage != CycleStage.OPEN:
        passed = False
        reason = _("本届当前处于“%(stage)s”阶段,不接受申报(申报期为%(opens)s至%(closes)s)。") % {
            **window, "stage": CycleStage(cycle.stage).label
        }
    elif on_date < cycle.application_opens:
        passed = False
        reason = _("申报期为%(opens)s至%(closes)s,%(on)s尚未开始。") % window
    elif on_date > cycle.application_closes:
        passed = False
        reason = _("申报期为%(opens)s至%(closes)s,已于%(closes)s截止。") % window
    else:
        passed = True
        reason = _("%(on)s在申报期(%(opens)s至%(closes)s)内。") % window
    return Check("application_window", _("第十八条"), _("申报期"), passed, reason)


def _credit_code(value, *, article, code, label):
    """GB 32100 through the one identity check (`accounts.identifiers`); the refusal names the wrong character."""
    value = (value or "").strip()
    error = credit_code_error(value)
    if error is None:
        return Check(code, article, label, True, _("统一社会信用代码%(value)s格式和校验码正确。") % {"value": value})
    return Check(code, article, label, False, error.messages[0])


def _id_number(value):
    """GB 11643 through the one identity check (`accounts.identifiers`); the refusal says what is wrong."""
    error = id_number_error(value)
    reason = _("居民身份证号码格式和校验码正确。") if error is None else error.messages[0]
    return Check("id_number", _("第十七条"), _("居民身份证号码校验(GB 11643)"), error is None, reason)


def _operating_years(cycle, organization, on_date):
    """Art. 15(一): registered in Binzhou and operating for at least `cycle.min_operating_years` years."""
    years = cycle.min_operating_years
    reached = add_years(organization.registration_date, years)
    params = {"registered": _d(organization.registration_date), "years": years, "reached": _d(reached),
              "on": _d(on_date)}
    if reached <= on_date:
        reason = _("注册登记日期为%(registered)s,于%(reached)s满%(years)s年,截至%(on)s已满%(years)s年。") % params
    else:
        reason = _("注册登记日期为%(registered)s,须至%(reached)s才满%(years)s年,截至%(on)s不满%(years)s年。") % params
    return Check(
        "operating_years", _("第十五条(一)"), _("注册登记并正常运行满%(years)s年") % {"years": years},
        reached <= on_date, reason,
    )


def _certification(certifications, on_date):
    """Art. 15(三): a GB/T 19001 or other management-system certification valid on the application date."""
    valid = [c for c in certifications if c.is_valid_on(on_date)]
    label = _("管理体系认证在有效期内")
    if valid:
        best = max(valid, key=lambda c: c.valid_until)
        reason = _("%(kind)s证书%(number)s(%(issuer)s)有效期为%(from)s至%(until)s,%(on)s有效。") % {
            "kind": best.get_kind_display(), "number": best.number, "issuer": best.issuer,
            "from": _d(best.valid_from), "until": _d(best.valid_until), "on": _d(on_date),
        }
        return Check("certification", _("第十五条(三)"), label, True, reason)
    if not certifications:
        reason = _("未填写管理体系认证证书;须已通过GB/T 19001质量管理体系认证或其他体系认证。")
    else:
        latest = max(certifications, key=lambda c: c.valid_until)
        reason = _("所填管理体系认证证书在%(on)s均不在有效期内(证书%(number)s有效期为%(from)s至%(until)s)。") % {
            "on": _d(on_date), "number": latest.number, "from": _d(latest.valid_from),
            "until": _d(latest.valid_until),
        }
    return Check("certification", _("第十五条(三)"), label, False, reason)


def _quality_work_years(cycle, individual, on_date):
    """Art. 17(二): working in or on quality in Binzhou for at least `cycle.min_quality_work_years` years."""
    years = cycle.min_quality_work_years
    reached = add_years(individual.quality_work_since, years)
    params = {"since": _d(individual.quality_work_since), "years": years, "reached": _d(reached), "on": _d(on_date)}
    if reached <= on_date:
        reason = _("自%(since)s起在本市从事质量工作,于%(reached)s满%(years)s年,截至%(on)s已满%(years)s年。") % params
    else:
        reason = _("自%(since)s起在本市从事质量工作,须至%(reached)s才满%(years)s年,截至%(on)s不满%(years)s年。") % params
    return Check(
        "quality_work_years", _("第十七条(二)"), _("在本市从事质量工作满%(years)s年") % {"years": years},
        reached <= on_date, reason,
    )


def _repeat_award(kind, awards, on_date):
    """Art. 6: no second application for the same award while an earlier one is still valid.

    A nomination award (提名奖) is a different award and does not block an organization award; a revoked award is
    handled by the ban instead.
    """
    same = [a for a in awards if a.kind == kind and a.revoked_on is None]
    running = [a for a in same if a.valid_until >= on_date]
    label = _("不在同一奖项有效期内(不得重复申报)")
    if running:
        award = max(running, key=lambda a: a.valid_until)
        reason = _("已获得第%(number)s届%(award)s,有效期至%(until)s;有效期内不得重复申报同一奖项。") % {
            "number": award.cycle.number, "award": award.get_kind_display(), "until": _d(award.valid_until),
        }
        return Check("repeat_award", _("第六条"), label, False, reason)
    if same:
        award = max(same, key=lambda a: a.valid_until)
        reason = _("曾获得第%(number)s届%(award)s,有效期已于%(until)s届满,可再次申报。") % {
            "number": award.cycle.number, "award": award.get_kind_display(), "until": _d(award.valid_until),
        }
    else:
        reason = _("未获得过本奖项。")
    return Check("repeat_award", _("第六条"), label, True, reason)


def _revocation_ban(cycle, awards, on_date):
    """Art. 24: an award revoked on day R bars its holder from applying until R + `cycle.ban_years` years."""
    years = cycle.ban_years
    revoked = [(add_years(a.revoked_on, years), a) for a in awards if a.revoked_on is not None]
    label = _("不在撤销奖项后的禁止申报期内")
    if not revoked:
        return Check("revocation_ban", _("第二十四条"), label, True, _("无被撤销的市长质量奖奖项。"))
    ban_ends, award = max(revoked, key=lambda pair: pair[0])
    params = {
        "number": award.cycle.number, "award": award.get_kind_display(), "revoked": _d(award.revoked_on),
        "years": years, "ends": _d(ban_ends),
    }
    if ban_ends > on_date:
        reason = _("第%(number)s届%(award)s已于%(revoked)s被撤销,%(years)s年内不得参加评审,%(ends)s起方可申报。") % params
        return Check("revocation_ban", _("第二十四条"), label, False, reason)
    reason = _("第%(number)s届%(award)s于%(revoked)s被撤销,%(years)s年禁止申报期已于%(ends)s结束。") % params
    return Check("revocation_ban", _("第二十四条"), label, True, reason)
