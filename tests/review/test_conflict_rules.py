"""Art. 12: the pure conflict rules, keyed on credit codes and ID numbers."""
import pytest

from review.conflicts import (
    ApplicantFacts,
    Avoid,
    Client,
    Employment,
    ExpertFacts,
    conflict_findings,
)
from review.models import ConflictType

ORG = "91371600000000001X"
OTHER = "91371600000000002Y"
PERSON = "37160219800517001X"


def findings(expert, applicant, lookback=3):
    return [f.type for f in conflict_findings(expert, applicant, cycle_year=2025, lookback_years=lookback)]


def test_current_employer_is_a_conflict_by_code():
    # Art. 12
    assert findings(ExpertFacts(affiliation_credit_code=ORG.lower()), ApplicantFacts("organization", ORG)) == [
        ConflictType.EMPLOYER
    ]


def test_other_organization_is_no_conflict():
    assert findings(ExpertFacts(affiliation_credit_code=OTHER), ApplicantFacts("organization", ORG)) == []


@pytest.mark.parametrize(
    ("to_year", "expected"),
    [(2022, [ConflictType.PAST_EMPLOYER]), (2021, [])],
    ids=["left-three-years-ago-conflict", "left-four-years-ago-free"],
)
def test_past_employer_counts_within_lookback_years(to_year, expected):
    # Art. 12: cycle year 2025, lookback 3 → employment ending 2022 or later
    expert = ExpertFacts(employments=(Employment(ORG, 2010, to_year),))
    assert findings(expert, ApplicantFacts("organization", ORG)) == expected


def test_consulting_client_is_a_conflict():
    # Art. 12
    expert = ExpertFacts(clients=(Client(ORG, 2019, "培训服务"),))
    assert findings(expert, ApplicantFacts("organization", ORG)) == [ConflictType.CONSULTING]


def test_individual_applicants_employer_is_a_conflict():
    # Art. 12: the individual applicant's employer is the expert's employer
    expert = ExpertFacts(affiliation_credit_code=ORG)
    assert findings(expert, ApplicantFacts("individual", ORG, PERSON)) == [ConflictType.INDIVIDUAL_EMPLOYER]


def test_expert_never_reviews_own_individual_application():
    expert = ExpertFacts(id_number=PERSON.lower())
    assert findings(expert, ApplicantFacts("individual", OTHER, PERSON)) == [ConflictType.OTHER]


@pytest.mark.parametrize(
    "avoid",
    [Avoid(id_number=PERSON), Avoid(credit_code=OTHER)],
    ids=["by-id-number", "by-affiliation-code"],
)
def test_applicant_avoid_list_names_the_expert(avoid):
    # Art. 12: the applicant's avoid-list
    expert = ExpertFacts(id_number=PERSON, affiliation_credit_code=OTHER)
    assert findings(expert, ApplicantFacts("organization", ORG, avoid=(avoid,))) == [ConflictType.AVOID_LIST]


def test_same_name_different_code_is_no_conflict():
    # names are never compared: an avoid-list entry without codes matches nobody
    expert = ExpertFacts(id_number=PERSON, affiliation_credit_code=OTHER)
    assert findings(expert, ApplicantFacts("organization", ORG, avoid=(Avoid(),))) == []


@pytest.mark.parametrize(
    ("until_year", "expected"),
    [(None, [ConflictType.SHAREHOLDING]), (2022, [ConflictType.SHAREHOLDING]), (2021, [])],
    ids=["still-held", "sold-within-lookback", "sold-before-lookback"],
)
def test_shareholding_in_the_applicant_is_a_conflict(until_year, expected):
    # Art. 12: shares held now or within the lookback years
    from review.conflicts import Holding

    expert = ExpertFacts(holdings=(Holding(ORG, 2018, until_year),))

    assert findings(expert, ApplicantFacts("organization", ORG)) == expected


def test_relative_working_for_the_applicant_is_a_kinship_conflict():
    # Art. 12: kinship, keyed on the relative's employer's code
    from review.conflicts import Relative

    found = conflict_findings(ExpertFacts(relatives=(Relative(ORG, "配偶"),)), ApplicantFacts("organization", ORG),
                              cycle_year=2025, lookback_years=3)

    assert [(f.type, f.code) for f in found] == [(ConflictType.KINSHIP, ORG)]
    assert "配偶" in found[0].reason
