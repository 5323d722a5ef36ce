"""What data can check about who may apply (SPEC §3; Art. 6, 15, 17, 18, 24)."""
from datetime import date, timedelta

import pytest
from stdnum.cn import ric, uscc

from accounts.models import Certification, IndividualProfile, OrganizationProfile, User
from award.dates import add_years
from award.eligibility import (
    Check,
    eligibility_checks,
    eligibility_failures,
)
from award.models import Application, Award, Cycle, ScoringStandard

ON = date(2026, 3, 16)  # a Monday inside the default window below


# --- helpers ---------------------------------------------------------------------------------------------------


def valid_credit_code(body17="91371600MA3C4T5X0"):
    return body17 + uscc.calc_check_digit(body17)


def valid_id_number(body17="37160219800101123"):
    return body17 + ric.calc_check_digit(body17 + "0")


def wrong_last_character(number, alphabet):
    """The same number with a different, wrong check character."""
    return number[:-1] + next(c for c in alphabet if c != number[-1])


ORG_CODE = valid_credit_code()
PERSON_ID = valid_id_number()


def make_cycle(number=7, **fields):
    defaults = {
        "year": 2026,
        "stage": "open",
        "application_opens": date(2026, 3, 1),
        "application_closes": date(2026, 4, 30),
        "organization_standard": ScoringStandard.objects.get(kind="organization", version=1),
        "individual_standard": ScoringStandard.objects.get(kind="individual", version=1),
    }
    return Cycle.objects.create(number=number, **{**defaults, **fields})


def make_user(username, role):
    return User.objects.create(username=username, role=role)


def make_organization(*, credit_code=ORG_CODE, registration_date=date(2015, 6, 1), certified=True):
    organization = OrganizationProfile.objects.create(
        user=make_user(f"org-{credit_code}", "organization"),
        name="滨州示范质量有限公司",
        credit_code=credit_code,
        registration_date=registration_date,
        district="bincheng",
        sector="secondary",
        size="medium",
        contact_name="张三",
        contact_phone="0543-0000000",
    )
    if certified:
        make_certification(organization, valid_from=date(2024, 1, 1), valid_until=date(2027, 1, 1))
    return organization


def make_certification(organization, *, valid_from, valid_until, number="00124Q30001R0M"):
    return Certification.objects.create(
        organization=organization, kind="gbt19001", standard="GB/T 19001-2016", number=number,
        issuer="中国质量认证中心", valid_from=valid_from, valid_until=valid_until,
    )


def make_individual(*, id_number=PERSON_ID, quality_work_since=date(2015, 6, 1), employer_credit_code=""):
    return IndividualProfile.objects.create(
        user=make_user(f"person-{id_number}", "individual"),
        name="李四",
        id_number=id_number,
        employer="滨州示范质量有限公司",
        employer_credit_code=employer_credit_code,
        district="bincheng",
        sector="secondary",
        quality_work_since=quality_work_since,
        contact_phone="13800000000",
    )


def make_award(cycle, *, kind="organization", credit_code="", id_number="", valid_until, revoked_on=None):
    """An earlier award recorded under `credit_code` or `id_number`, held through its own application."""
    serial = Award.objects.count()
    if kind == "individual":
        profile = {"individual": make_individual(id_number=valid_id_number(f"3716021970010{serial:04d}"))}
    else:
        profile = {"organization": make_organization(credit_code=valid_credit_code(f"9137160000000{serial:04d}"))}
    application_kind = "individual" if kind == "individual" else "organization"
    application = Application.objects.create(
        cycle=cycle, kind=application_kind, applicant=make_user(f"past-{serial}", application_kind), state="awarded", reference=f"PAST-{serial}",
        applicant_name="往届获奖者", sector="secondary", **profile,
    )
    return Award.objects.create(
        cycle=cycle, application=application, kind=kind, recipient_name="往届获奖者", credit_code=credit_code,
        id_number=id_number, awarded_on=date(cycle.year, 12, 1), valid_until=valid_until, revoked_on=revoked_on,
        revocation_reference="滨政字〔2025〕1号" if revoked_on else "",
    )


def by_code(checks):
    return {check.code: check for check in checks}


def org_checks(cycle, organization, on_date=ON):
    return by_code(eligibility_checks(cycle=cycle, kind="organization", organization=organization, on_date=on_date))


def person_checks(cycle, individual, on_date=ON):
    return by_code(eligibility_checks(cycle=cycle, kind="individual", individual=individual, on_date=on_date))


# --- pure rules: no database -----------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("day", "years", "expected"),
    [
        (date(2021, 3, 16), 5, date(2026, 3, 16)),
        (date(2020, 2, 29), 5, date(2025, 2, 28)),
        (date(2020, 2, 29), 4, date(2024, 2, 29)),
    ],
    ids=["same-day", "leap-day-to-feb-28", "leap-day-to-leap-day"],
)
def test_add_years_anniversary(day, years, expected):
    # 《民法典》第二百零二条: no corresponding day → the last day of that month.
    assert add_years(day, years) == expected


def test_eligibility_failures_keeps_only_failed_in_order():
    checks = [Check("a", "第六条", "A", True, "ok"), Check("b", "第六条", "B", False, "no"),
              Check("c", "第六条", "C", False, "no")]

    assert [c.code for c in eligibility_failures(checks)] == ["b", "c"]


# --- application window (Art. 18) ------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on_date", "passed", "reason"),
    [
        (date(2026, 3, 1), True, "2026年3月1日在申报期(2026年3月1日至2026年4月30日)内。"),
        (date(2026, 4, 30), True, "2026年4月30日在申报期(2026年3月1日至2026年4月30日)内。"),
        (date(2026, 2, 28), False, "申报期为2026年3月1日至2026年4月30日,2026年2月28日尚未开始。"),
        (date(2026, 5, 1), False, "申报期为2026年3月1日至2026年4月30日,已于2026年4月30日截止。"),
    ],
    ids=["first-day", "last-day", "day-before", "day-after"],
)
def test_eligibility_application_window_boundaries(on_date, passed, reason):
    # Art. 18: the published start and closing dates.
    check = org_checks(make_cycle(), make_organization(), on_date=on_date)["application_window"]

    assert (check.passed, check.reason, check.article) == (passed, reason, "第十八条")


@pytest.mark.django_db
def test_eligibility_application_window_closed_stage_fails():
    # Art. 18: inside the dates but the office has moved the cycle on.
    check = org_checks(make_cycle(stage="qualification"), make_organization())["application_window"]

    assert check.passed is False
    assert check.reason == "本届当前处于“资格审查”阶段,不接受申报(申报期为2026年3月1日至2026年4月30日)。"


# --- organizations (Art. 15) -----------------------------------------------------------------------------------


@pytest.mark.django_db
def test_eligibility_organization_all_pass():
    checks = eligibility_checks(cycle=make_cycle(), kind="organization", organization=make_organization(), on_date=ON)

    assert [c.code for c in checks] == [
        "application_window", "credit_code", "operating_years", "certification", "repeat_award", "revocation_ban",
    ]
    assert eligibility_failures(checks) == []


@pytest.mark.django_db
def test_eligibility_organization_invalid_credit_code_fails():
    # GB 32100, Art. 15(一)
    bad = wrong_last_character(ORG_CODE, "0123456789ABCDEFGHJKLMNPQRTUWXY")

    check = org_checks(make_cycle(), make_organization(credit_code=bad))["credit_code"]

    assert check.passed is False
    assert check.reason == f"统一社会信用代码的校验码(第18位“{bad[-1]}”)与前17位不符,请逐位核对营业执照上的代码。"


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("registered", "passed", "reason"),
    [
        (date(2021, 3, 16), True,
         "注册登记日期为2021年3月16日,于2026年3月16日满5年,截至2026年3月16日已满5年。"),
        (date(2021, 3, 17), False,
         "注册登记日期为2021年3月17日,须至2026年3月17日才满5年,截至2026年3月16日不满5年。"),
    ],
    ids=["exactly-5-years", "one-day-short"],
)
def test_eligibility_operating_years_boundary(registered, passed, reason):
    # Art. 15(一): 依法在本市注册登记并正常运行5年以上.
    check = org_checks(make_cycle(), make_organization(registration_date=registered))["operating_years"]

    assert (check.passed, check.reason, check.label) == (passed, reason, "注册登记并正常运行满5年")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("on_date", "passed"), [(date(2025, 2, 28), True), (date(2025, 2, 27), False)], ids=["feb-28", "feb-27"]
)
def test_eligibility_operating_years_registered_on_leap_day(on_date, passed):
    # Art. 15(一): registered 29 Feb 2020; 2025 has no 29 Feb, so 5 years are complete on 28 Feb 2025.
    cycle = make_cycle(application_opens=date(2025, 2, 1), application_closes=date(2025, 3, 31))

    check = org_checks(cycle, make_organization(registration_date=date(2020, 2, 29)), on_date=on_date)

    assert check["operating_years"].passed is passed


@pytest.mark.django_db
def test_eligibility_operating_years_follows_cycle_rule():
    # Numbers are data: a cycle requiring 3 years accepts an organization registered 3 years ago.
    cycle = make_cycle(min_operating_years=3)

    check = org_checks(cycle, make_organization(registration_date=date(2023, 3, 16)))["operating_years"]

    assert (check.passed, check.label) == (True, "注册登记并正常运行满3年")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valid_from", "valid_until", "passed"),
    [
        (date(2023, 3, 16), ON, True),
        (ON, date(2029, 3, 15), True),
        (date(2023, 3, 16), ON - timedelta(days=1), False),
        (ON + timedelta(days=1), date(2029, 3, 15), False),
    ],
    ids=["expires-on-the-day", "starts-on-the-day", "expired-day-before", "not-yet-valid"],
)
def test_eligibility_certification_validity_boundary(valid_from, valid_until, passed):
    # Art. 15(三): a GB/T 19001 or other system certification valid on the application date.
    organization = make_organization(certified=False)
    make_certification(organization, valid_from=valid_from, valid_until=valid_until)

    assert org_checks(make_cycle(), organization)["certification"].passed is passed


@pytest.mark.django_db
def test_eligibility_certification_expired_reason_names_dates():
    organization = make_organization(certified=False)
    make_certification(organization, valid_from=date(2022, 1, 1), valid_until=date(2025, 12, 31), number="CQC-1")

    check = org_checks(make_cycle(), organization)["certification"]

    assert check.reason == "所填管理体系认证证书在2026年3月16日均不在有效期内(证书CQC-1有效期为2022年1月1日至2025年12月31日)。"


@pytest.mark.django_db
def test_eligibility_certification_missing_fails():
    check = org_checks(make_cycle(), make_organization(certified=False))["certification"]

    assert (check.passed, check.reason) == (
        False, "未填写管理体系认证证书;须已通过GB/T 19001质量管理体系认证或其他体系认证。"
    )


# --- individuals (Art. 17) -------------------------------------------------------------------------------------


@pytest.mark.django_db
def test_eligibility_individual_all_pass():
    individual = make_individual(employer_credit_code=ORG_CODE)

    checks = eligibility_checks(cycle=make_cycle(), kind="individual", individual=individual, on_date=ON)

    assert [c.code for c in checks] == [
        "application_window", "id_number", "quality_work_years", "employer_credit_code", "repeat_award",
        "revocation_ban",
    ]
    assert eligibility_failures(checks) == []


@pytest.mark.django_db
def test_eligibility_individual_without_employer_code_skips_that_check():
    checks = person_checks(make_cycle(), make_individual(employer_credit_code=""))

    assert "employer_credit_code" not in checks


@pytest.mark.django_db
def test_eligibility_individual_invalid_id_number_fails():
    # GB 11643, Art. 17
    bad = wrong_last_character(PERSON_ID, "0123456789X")

    check = person_checks(make_cycle(), make_individual(id_number=bad))["id_number"]

    # The number itself is not repeated in the reason, which is kept on the application.
    assert (check.passed, check.reason) == (False, f"居民身份证号码的校验码(第18位“{bad[-1]}”)与前17位不符,请逐位核对。")


@pytest.mark.django_db
def test_eligibility_individual_invalid_employer_code_fails():
    bad = ORG_CODE[:-1]

    check = person_checks(make_cycle(), make_individual(employer_credit_code=bad))["employer_credit_code"]

    assert (check.passed, check.reason) == (False, "统一社会信用代码应为18位(当前17位)。")


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("since", "passed"), [(date(2021, 3, 16), True), (date(2021, 3, 17), False)],
    ids=["exactly-5-years", "one-day-short"],
)
def test_eligibility_quality_work_years_boundary(since, passed):
    # Art. 17(二): 在本市从事或涉及质量工作5年以上.
    check = person_checks(make_cycle(), make_individual(quality_work_since=since))["quality_work_years"]

    assert check.passed is passed
    assert check.article == "第十七条(二)"


@pytest.mark.django_db
def test_eligibility_quality_work_years_reason():
    check = person_checks(make_cycle(), make_individual(quality_work_since=date(2022, 9, 1)))["quality_work_years"]

    assert check.reason == "自2022年9月1日起在本市从事质量工作,须至2027年9月1日才满5年,截至2026年3月16日不满5年。"


# --- repeat rule (Art. 6) --------------------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("valid_until", "passed"), [(ON, False), (ON - timedelta(days=1), True)],
    ids=["valid-through-today", "expired-yesterday"],
)
def test_eligibility_repeat_award_validity_boundary(valid_until, passed):
    # Art. 6: 5年内不得重复申报同一奖项; 有效期届满后可再次提出申请.
    earlier = make_cycle(number=5, year=2021, stage="closed")
    make_award(earlier, credit_code=ORG_CODE, valid_until=valid_until)

    check = org_checks(make_cycle(), make_organization())["repeat_award"]

    assert check.passed is passed


@pytest.mark.django_db
def test_eligibility_repeat_award_reason_names_cycle_and_end():
    earlier = make_cycle(number=5, year=2024, stage="awarded")
    make_award(earlier, credit_code=ORG_CODE.lower(), valid_until=date(2029, 11, 30))

    check = org_checks(make_cycle(), make_organization())["repeat_award"]

    assert (check.passed, check.article) == (False, "第六条")
    assert check.reason == "已获得第5届市长质量奖(组织),有效期至2029年11月30日;有效期内不得重复申报同一奖项。"


@pytest.mark.django_db
def test_eligibility_repeat_award_nomination_does_not_block_organization_award():
    # Art. 7: the nomination award is a different award.
    earlier = make_cycle(number=5, year=2024, stage="awarded")
    make_award(earlier, kind="nomination", credit_code=ORG_CODE, valid_until=date(2029, 11, 30))

    assert org_checks(make_cycle(), make_organization())["repeat_award"].passed is True


@pytest.mark.django_db
def test_eligibility_repeat_award_other_organization_does_not_block():
    earlier = make_cycle(number=5, year=2024, stage="awarded")
    make_award(earlier, credit_code=valid_credit_code("91371600MA3C4T5X1"), valid_until=date(2029, 11, 30))

    assert org_checks(make_cycle(), make_organization())["repeat_award"].passed is True


@pytest.mark.django_db
def test_eligibility_repeat_award_individual_keyed_on_id_number():
    # Art. 6: keyed on the ID number, not the account.
    earlier = make_cycle(number=5, year=2024, stage="awarded")
    make_award(earlier, kind="individual", id_number=PERSON_ID, valid_until=date(2029, 11, 30))

    check = person_checks(make_cycle(), make_individual())["repeat_award"]

    assert check.passed is False
    assert check.reason == "已获得第5届市长质量奖(个人),有效期至2029年11月30日;有效期内不得重复申报同一奖项。"


@pytest.mark.django_db
def test_eligibility_repeat_award_revoked_award_left_to_ban():
    earlier = make_cycle(number=5, year=2024, stage="awarded")
    make_award(earlier, credit_code=ORG_CODE, valid_until=date(2029, 11, 30), revoked_on=date(2025, 1, 10))

    checks = org_checks(make_cycle(), make_organization())

    assert (checks["repeat_award"].passed, checks["revocation_ban"].passed) == (True, False)


# --- ban after revocation (Art. 24) ----------------------------------------------------------------------------


@pytest.mark.django_db
@pytest.mark.parametrize(
    ("revoked_on", "passed"), [(date(2021, 3, 16), True), (date(2021, 3, 17), False)],
    ids=["ban-ends-today", "one-day-left"],
)
def test_eligibility_revocation_ban_boundary(revoked_on, passed):
    # Art. 24: 撤销奖项的组织或个人5年内不得参加市长质量奖的评审; allowed on revoked_on + 5 years.
    earlier = make_cycle(number=3, year=2016, stage="closed")
    make_award(earlier, credit_code=ORG_CODE, valid_until=date(2021, 12, 1), revoked_on=revoked_on)

    assert org_checks(make_cycle(), make_organization())["revocation_ban"].passed is passed


@pytest.mark.django_db
def test_eligibility_revocation_ban_reason_gives_end_date():
    earlier = make_cycle(number=6, year=2024, stage="awarded")
    make_award(earlier, kind="nomination", credit_code=ORG_CODE, valid_until=date(2029, 11, 30),
               revoked_on=date(2025, 7, 1))

    check = org_checks(make_cycle(), make_organization())["revocation_ban"]

    assert (check.passed, check.article) == (False, "第二十四条")
    assert check.reason == (
        "第6届市长质量奖提名奖已于2025年7月1日被撤销,5年内不得参加评审,2030年7月1日起方可申报。"
    )


@pytest.mark.django_db
def test_eligibility_revocation_ban_follows_cycle_ban_years():
    earlier = make_cycle(number=6, year=2024, stage="awarded")
    make_award(earlier, credit_code=ORG_CODE, valid_until=date(2029, 11, 30), revoked_on=date(2023, 3, 16))

    organization = make_organization()

    assert org_checks(make_cycle(ban_years=3), organization)["revocation_ban"].passed is True
    assert org_checks(make_cycle(number=8, ban_years=5), organization)["revocation_ban"].passed is False


@pytest.mark.django_db
def test_eligibility_revocation_ban_individual():
    earlier = make_cycle(number=6, year=2024, stage="awarded")
    make_award(earlier, kind="individual", id_number=PERSON_ID.lower(), valid_until=date(2029, 11, 30),
               revoked_on=date(2025, 7, 1))

    assert person_checks(make_cycle(), make_individual())["revocation_ban"].passed is False


@pytest.mark.django_db
def test_eligibility_checks_query_count(django_assert_num_queries):
    cycle = make_cycle()
    organization = make_organization()

    with django_assert_num_queries(2):  # certifications, earlier awards with their cycles
        eligibility_checks(cycle=cycle, kind="organization", organization=organization, on_date=ON)


def test_eligibility_checks_requires_matching_profile():
    with pytest.raises(ValueError):
        eligibility_checks(cycle=None, kind="individual", organization=object(), on_date=ON)
