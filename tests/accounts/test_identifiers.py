"""The one identity check (SPEC §3; Art. 12, 15, 17): GB 32100 credit codes and GB 11643 ID numbers."""
import datetime

import pytest
from django.core.exceptions import ValidationError

from accounts.identifiers import (
    credit_code_clean,
    credit_code_error,
    id_number_clean,
    id_number_error,
    identifier_normalize,
    looks_like_id_number,
)
from tests.factories.accounts import valid_credit_code, valid_id_number

ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
ORG_CODE = valid_credit_code("91371600MA3C4T5X0")
PERSON_ID = valid_id_number("37160219800101123")


def wrong_last_character(number, alphabet):
    return number[:-1] + next(c for c in alphabet if c != number[-1])


def _code(error):
    return None if error is None else error.code


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (ORG_CODE, None),
        (ORG_CODE.lower(), None),
        ("91110000600037341L", None),  # a published code (Beijing)
        ("9137 1600-MA3C4T5X0" + ORG_CODE[-1], None),  # spaces and hyphens as people type them
        (valid_credit_code("11371600MB0000001"), None),  # 机构编制 (1): a public institution
        (valid_credit_code("51371600MJ0000001"), None),  # 民政 (5): a social organization
        (valid_credit_code("N2371602MF0000001"), None),  # 农业 (N): a village collective, letter first
        (valid_credit_code("Y1371600MA0000001"), None),  # 其他 (Y)
        (valid_credit_code("A1371600MA0000001"), None),  # 中央军委改革和编制办公室 (A)
        (wrong_last_character(ORG_CODE, ALPHABET), "checksum"),
        (ORG_CODE[:9] + ("1" if ORG_CODE[9] != "1" else "2") + ORG_CODE[10:], "checksum"),
        (ORG_CODE[:-1], "length"),
        (ORG_CODE + "1", "length"),
        (ORG_CODE[:-1] + "I", "format"),
        ("91AB1600MA3C4T5X0Y", "format"),
        ("", "length"),
        (None, "length"),
    ],
    ids=["valid", "lowercase", "published", "separators", "authority-1", "authority-5", "authority-N",
         "authority-Y", "authority-A", "wrong-check-char", "one-char-off", "17-chars", "19-chars",
         "forbidden-letter", "letters-in-area-code", "empty", "none"],
)
def test_credit_code_error_gb32100(value, problem):
    # GB 32100, Art. 15(一)
    assert _code(credit_code_error(value)) == problem


@pytest.mark.parametrize(
    ("value", "problem"),
    [
        (PERSON_ID, None),
        ("11010519491231002X", None),  # the GB 11643 example
        ("11010519491231002x", None),
        ("110105 19491231 002X", None),
        (valid_id_number("37160219980101123"), None),  # 滨城区 code (from 2000) for someone born in 1998
        (valid_id_number("37162619750315123"), None),  # 邹平市 (2018 code) for someone born in 1975
        (valid_id_number("37230119591130123"), None),  # the old 滨州地区 code
        (wrong_last_character(PERSON_ID, "0123456789X"), "checksum"),
        (PERSON_ID[:16] + str((int(PERSON_ID[16]) + 1) % 10) + PERSON_ID[17], "checksum"),
        (PERSON_ID[:-1], "length"),
        (PERSON_ID[:10] + "A" + PERSON_ID[11:], "format"),
        (PERSON_ID[:17] + "Y", "format"),
        (valid_id_number("37160219810229123"), "birth_date"),  # 29 Feb 1981 does not exist
        (valid_id_number("37160218991231123"), "birth_date"),  # before 1900
        (valid_id_number("37160221000101123"), "birth_date"),  # in the future
    ],
    ids=["valid", "gb-example", "lowercase-x", "spaces", "binzhou-code-before-2000", "zouping-2018-code",
         "old-prefecture-code", "wrong-check-char", "one-digit-off", "17-chars", "letter", "bad-last-char",
         "no-such-birth-date", "born-before-1900", "born-in-future"],
)
def test_id_number_error_gb11643(value, problem):
    # GB 11643, Art. 17
    assert _code(id_number_error(value, today=datetime.date(2026, 12, 7))) == problem


def test_credit_code_refusal_names_the_wrong_place_and_character():
    error = credit_code_error(ORG_CODE[:4] + "O" + ORG_CODE[5:])

    assert error.params == {"place": 5, "char": "O"}
    assert "第5位“O”" in error.messages[0]


def test_credit_code_refusal_names_a_letter_in_the_area_code():
    error = credit_code_error("91A71600MA3C4T5X0Y")

    assert error.params == {"place": 3, "char": "A"}


def test_id_number_refusal_names_the_wrong_place_and_character():
    error = id_number_error(PERSON_ID[:10] + "A" + PERSON_ID[11:])

    assert error.params == {"place": 11, "char": "A"}
    assert "第11位“A”" in error.messages[0]


def test_checksum_refusal_names_the_check_character():
    wrong = wrong_last_character(PERSON_ID, "0123456789X")

    assert id_number_error(wrong).params == {"char": wrong[-1]}
    assert "第18位" in id_number_error(wrong).messages[0]


def test_clean_returns_the_compacted_number():
    assert credit_code_clean(" " + ORG_CODE.lower() + " ") == ORG_CODE
    assert id_number_clean("11010519491231002x") == "11010519491231002X"


def test_full_width_characters_are_folded():
    full_width = "".join(chr(ord(c) + 0xFEE0) for c in PERSON_ID)

    assert identifier_normalize(full_width) == PERSON_ID
    assert id_number_clean(full_width) == PERSON_ID


def test_clean_raises_the_error_with_its_code():
    with pytest.raises(ValidationError) as info:
        credit_code_clean(ORG_CODE[:-1])

    assert info.value.code == "length"
    assert info.value.messages == ["统一社会信用代码应为18位(当前17位)。"]


def test_looks_like_id_number():
    assert looks_like_id_number(wrong_last_character(PERSON_ID, "0123456789X"))
    assert not looks_like_id_number("13812345678")


# --- every form and service uses it --------------------------------------------------------------------------

BINZHOU_1998 = valid_id_number("37160219980101123")  # 滨城区 (code from 2000), born 1998: genuine
LETTER_CODE = valid_credit_code("N2371602MF0000001")  # a village collective's code: letter first
BAD_ID = wrong_last_character(BINZHOU_1998, "0123456789X")
BAD_CODE = wrong_last_character(LETTER_CODE, ALPHABET)


@pytest.mark.django_db
def test_registration_accepts_a_credit_code_whose_first_character_is_a_letter(client):
    # GB 32100, Art. 15(一)
    from django.urls import reverse

    from accounts.models import OrganizationProfile
    from tests.accounts.test_registration import organization_post

    client.post(reverse("accounts:register_organization"), organization_post(credit_code=LETTER_CODE))

    assert OrganizationProfile.objects.get().credit_code == LETTER_CODE


@pytest.mark.parametrize(("contact", "valid"), [(BINZHOU_1998, True), (BAD_ID, False), ("13800000000", True)],
                         ids=["binzhou-1998", "wrong-check-char", "phone"])
def test_objection_contact_accepts_the_numbers_registration_accepts(contact, valid):
    # Art. 19(六): real-name objections
    from award.public_forms import validate_contact

    if valid:
        validate_contact(contact)
    else:
        with pytest.raises(ValidationError) as info:
            validate_contact(contact)
        assert info.value.code == "checksum"


@pytest.mark.parametrize(
    ("field", "value", "valid"),
    [("credit_code", LETTER_CODE, True), ("credit_code", BAD_CODE, False), ("id_number", BINZHOU_1998, True),
     ("id_number", BAD_ID, False), ("credit_code", "", True)],
    ids=["letter-code", "bad-code", "binzhou-id", "bad-id", "blank"],
)
def test_avoid_list_entry_is_checked(field, value, valid):
    # Art. 12: the avoid-list keys conflicts on these numbers, so an invalid one would silently match nobody
    from award.forms import AvoidanceForm

    form = AvoidanceForm({"name": "某单位", "reason": "曾为本单位提供咨询", field: value})

    assert form.is_valid() is valid
    if not valid:
        assert "校验码" in form.errors[field][0]


def test_avoid_list_stores_the_compacted_number():
    from award.forms import AvoidanceForm

    form = AvoidanceForm({"name": "某单位", "reason": "咨询", "credit_code": LETTER_CODE.lower()})

    assert form.is_valid()
    assert form.cleaned_data["credit_code"] == LETTER_CODE


@pytest.mark.django_db
@pytest.mark.parametrize(("contact", "valid"), [(BINZHOU_1998, True), (BAD_ID, False), ("a@b.cn", True)],
                         ids=["binzhou-1998", "bad-id", "email"])
def test_complaint_contact_given_as_id_number_is_checked(contact, valid):
    # Art. 11: complaints with real names
    from supervision.forms import ComplaintForm

    form = ComplaintForm({"category": "process", "subject": "评审环节", "description": "某专家收受礼品。",
                          "complainant_name": "李四", "complainant_contact": contact})

    assert ("complainant_contact" not in form.errors) is valid


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [(BINZHOU_1998, True), (BAD_ID, False)], ids=["genuine", "bad"])
def test_supervision_member_id_number_is_checked(value, valid):
    from supervision.forms import MemberForm

    form = MemberForm({"category": "deputy", "name": "王五", "id_number": value})
    form.is_valid()

    assert ("id_number" not in form.errors) is valid


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [(LETTER_CODE, True), (BAD_CODE, False)], ids=["genuine", "bad"])
def test_agency_credit_code_is_checked(value, valid):
    from review.forms import AgencyForm

    form = AgencyForm({"name": "某评审机构", "credit_code": value, "approved_at": "2026-01-05",
                       "approval_reference": "滨质强办〔2026〕1号"})
    form.is_valid()

    assert ("credit_code" not in form.errors) is valid


@pytest.mark.django_db
@pytest.mark.parametrize(("value", "valid"), [(LETTER_CODE, True), (BAD_CODE, False)], ids=["genuine", "bad"])
def test_individual_profile_employer_code_is_checked(value, valid):
    from accounts.forms import IndividualProfileForm

    form = IndividualProfileForm({"employer_credit_code": value}, with_id_number=False)
    form.is_valid()

    assert ("employer_credit_code" not in form.errors) is valid
