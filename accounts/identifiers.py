"""The one identity check (SPEC §3, Art. 12, 15, 17): unified social credit codes and resident ID numbers.

Every form, service and import that takes a credit code or an ID number — registration, profiles, avoid-lists,
objections, complaints, supervision members, the agency, expert profiles and the expert import — checks it here,
so a number accepted in one place is accepted in all of them. Each refusal is a `ValidationError` whose message
says which character is wrong where that can be known (a wrong check character cannot say which of the other 17
was mistyped, so it says that the check character does not match).

What is deliberately *not* checked, because genuine numbers would be refused:

- GB 32100 credit codes: the registering authority (place 1) and the organization category (place 2) may be any
  character of the code's alphabet — 1 机构编制, 5 民政, 9 工商, but also letters such as A, N (农业: village
  collectives), Y (其他). Only places 3–8 (the administrative area) must be digits.
- GB 11643 ID numbers: the area code is not matched against the codes that existed in the holder's birth year —
  the area code is the one in force when the number was issued (a 滨城区 371602 number, a code from 2000, for
  someone born in 1998 is genuine).
"""

import datetime
import unicodedata

from django.core.exceptions import ValidationError
from django.utils import timezone
from django.utils.translation import gettext as _

__all__ = [
    "CREDIT_CODE_ALPHABET",
    "credit_code_clean",
    "credit_code_error",
    "id_number_clean",
    "id_number_error",
    "identifier_normalize",
    "looks_like_id_number",
    "validate_credit_code",
    "validate_id_number",
]

# GB 32100-2015 §4.2: digits and the capital letters without I, O, Z, S, V.
CREDIT_CODE_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
_CREDIT_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
_ID_WEIGHTS = tuple(2 ** (17 - i) % 11 for i in range(17))
_ID_CHECK = "10X98765432"


def identifier_normalize(value) -> str:
    """The number as typed, compacted: full-width characters folded (NFKC), spaces and hyphens removed, upper case."""
    text = unicodedata.normalize("NFKC", str(value or ""))
    return "".join(c for c in text if not c.isspace() and c not in "-‐–—").upper()


def _credit_check_character(body: str) -> str:
    total = sum(CREDIT_CODE_ALPHABET.index(c) * w for c, w in zip(body, _CREDIT_WEIGHTS, strict=True))
    return CREDIT_CODE_ALPHABET[(31 - total % 31) % 31]


def _id_check_character(body: str) -> str:
    return _ID_CHECK[sum(int(c) * w for c, w in zip(body, _ID_WEIGHTS, strict=True)) % 11]


def credit_code_error(value) -> ValidationError | None:
    """GB 32100: None for a valid unified social credit code, else the ValidationError saying what is wrong."""
    number = identifier_normalize(value)
    if len(number) != 18:
        return ValidationError(
            _("统一社会信用代码应为18位(当前%(count)s位)。"), code="length", params={"count": len(number)}
        )
    for place, char in enumerate(number, start=1):
        if char not in CREDIT_CODE_ALPHABET:
            return ValidationError(
                _("统一社会信用代码第%(place)s位“%(char)s”不允许:只能是数字或除I、O、Z、S、V外的大写字母。"),
                code="format", params={"place": place, "char": char},
            )
    for place in range(3, 9):
        if not number[place - 1].isdigit():
            return ValidationError(
                _("统一社会信用代码第%(place)s位“%(char)s”应为数字(第3至8位是登记管理机关的行政区划代码)。"),
                code="format", params={"place": place, "char": number[place - 1]},
            )
    if number[17] != _credit_check_character(number[:17]):
        return ValidationError(
            _("统一社会信用代码的校验码(第18位“%(char)s”)与前17位不符,请逐位核对营业执照上的代码。"),
            code="checksum", params={"char": number[17]},
        )
    return None


def id_number_error(value, *, today: datetime.date | None = None) -> ValidationError | None:
    """GB 11643: None for a valid resident ID number, else the ValidationError saying what is wrong.

    Length, characters, the birth date (places 7–14, a real day between 1900 and today) and the check character
    are checked; the area code is not (see the module docstring).
    """
    number = identifier_normalize(value)
    if len(number) != 18:
        return ValidationError(
            _("居民身份证号码应为18位(当前%(count)s位)。"), code="length", params={"count": len(number)}
        )
    for place, char in enumerate(number[:17], start=1):
        if not char.isdigit() or not char.isascii():
            return ValidationError(
                _("居民身份证号码第%(place)s位“%(char)s”应为数字。"),
                code="format", params={"place": place, "char": char},
            )
    if number[17] not in "0123456789X":
        return ValidationError(
            _("居民身份证号码第18位“%(char)s”应为数字或X。"), code="format", params={"char": number[17]}
        )
    birth = number[6:14]
    try:
        born = datetime.date(int(birth[:4]), int(birth[4:6]), int(birth[6:]))
    except ValueError:
        born = None
    if born is None or born < datetime.date(1900, 1, 1) or born > (today or timezone.localdate()):
        return ValidationError(
            _("居民身份证号码第7至14位的出生日期不存在或不合理,请核对。"), code="birth_date",
        )
    if number[17] != _id_check_character(number[:17]):
        return ValidationError(
            _("居民身份证号码的校验码(第18位“%(char)s”)与前17位不符,请逐位核对。"),
            code="checksum", params={"char": number[17]},
        )
    return None


def credit_code_clean(value) -> str:
    """GB 32100: the compacted credit code, or a ValidationError saying which character is wrong."""
    error = credit_code_error(value)
    if error is not None:
        raise error
    return identifier_normalize(value)


def id_number_clean(value) -> str:
    """GB 11643: the compacted ID number (check letter X upper-case), or a ValidationError saying what is wrong."""
    error = id_number_error(value)
    if error is not None:
        raise error
    return identifier_normalize(value)


def looks_like_id_number(value) -> bool:
    """True for input meant as an ID number (18 characters, the first 17 digits), right or wrong."""
    number = identifier_normalize(value)
    return len(number) == 18 and number[:17].isdigit()


# Django validators (form and model fields): the same checks, raising.
validate_credit_code = credit_code_clean
validate_id_number = id_number_clean
