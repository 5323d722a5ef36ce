"""Password policy by role (issue 11; 等保 2.0 identity authentication: complexity of passwords).

Applicants keep Django's default policy (8 characters, not like the username, not common, not all digits). Every
other account — recommenders, the office, the agency, experts, supervisors, the leading group, and an account
without a role such as the site's superuser — needs at least 12 characters and must not contain its username,
name or e-mail name, nor be made of this site's obvious words and digits (`bzqa2026`, `binzhou123456`).

Both validators are in settings.AUTH_PASSWORD_VALIDATORS, so they apply wherever Django validates a password with
the user it is for: the office's staff-account form and service, the expert's invitation link, the password
change page and the admin. A validation without a user (nothing in this project does one) gets the staff rule.
"""
import re

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import Role

STAFF_MIN_LENGTH = 12
# Words an attacker tries first against this site, with digits and punctuation around them.
SITE_WORDS = frozenset({
    "bzqa", "bz", "binzhou", "award", "mayor", "quality", "zlj", "szzlj", "admin", "password", "passwd", "pass",
    "qwerty", "abc", "office", "expert", "agency", "supervisor", "test", "demo", "welcome", "huanying",
})
MIN_CONTAINED = 3  # a username of fewer characters than this is not looked for inside the password


def is_staff_account(user) -> bool:
    """Staff policy applies to every account that is not an applicant's (and when the user is unknown)."""
    return user is None or getattr(user, "role", "") not in Role.applicant_roles()


class RoleMinimumLengthValidator:
    """At least `min_length` characters for applicants and `staff_min_length` for every staff account."""

    def __init__(self, min_length=8, staff_min_length=STAFF_MIN_LENGTH):
        self.min_length = min_length
        self.staff_min_length = staff_min_length

    def required_length(self, user):
        return self.staff_min_length if is_staff_account(user) else self.min_length

    def validate(self, password, user=None):
        length = self.required_length(user)
        if len(password) < length:
            raise ValidationError(
                ngettext(
                    "密码太短,至少需要 %(min_length)d 个字符。",
                    "密码太短,至少需要 %(min_length)d 个字符。",
                    length,
                ),
                code="password_too_short",
                params={"min_length": length},
            )

    def get_help_text(self):
        return _("密码至少 %(min_length)d 个字符;工作人员账号(推荐单位、办公室、评审机构、专家、监督小组、领导小组)"
                 "至少 %(staff_min_length)d 个字符。") % {
            "min_length": self.min_length, "staff_min_length": self.staff_min_length}


class StaffPasswordValidator:
    """Staff accounts: the password contains neither the username nor the person's name or e-mail name, and is
    more than this site's obvious words with digits and punctuation around them."""

    def validate(self, password, user=None):
        if not is_staff_account(user):
            return
        lowered = password.lower()
        for value in _personal_values(user):
            if len(value) >= MIN_CONTAINED and value in lowered:
                raise ValidationError(
                    _("工作人员账号的密码不能包含用户名、姓名或邮箱名。"), code="password_contains_user"
                )
        letters = re.sub(r"[\d\W_]+", " ", lowered).split()
        if password.isdigit():
            return  # NumericPasswordValidator says so already
        if not letters or all(word in SITE_WORDS for word in letters):
            raise ValidationError(
                _("密码过于常见:不能只由本系统名称、常见单词和数字组成。"), code="password_site_words"
            )

    def get_help_text(self):
        return _("工作人员账号的密码不能包含用户名或姓名,也不能只由常见单词和数字组成。")


def _personal_values(user):
    if user is None:
        return []
    values = []
    for name in ("username", "full_name", "first_name", "last_name"):
        value = getattr(user, name, "") or ""
        if isinstance(value, str) and value.strip():
            values.append(value.strip().lower())
    email = getattr(user, "email", "") or ""
    if "@" in email:
        values.append(email.split("@", 1)[0].lower())
    return values
