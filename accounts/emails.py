"""What accounts tells people, one function per notification event (subject and body, translatable; SPEC §11).

Each returns the `subject` and `body` keyword arguments of `accounts.notifications.notify`; the caller adds the
recipient, the event, the link and the delivery key.
"""
from django.utils.translation import gettext as _


def registration_attempt(*, what) -> dict:
    """Issue 11: the owner of an identifier hears that someone tried to register with it (at most once a day)."""
    return {"subject": _("有人尝试用贵方的%(what)s注册新账号") % {"what": what},
            "body": _("今天有人在本系统注册页面填写了贵方已注册的%(what)s,注册未成功。如果是贵方所为,请直接用原账号"
                      "登录;如非贵方所为,无需处理,如有疑问请联系领导小组办公室。") % {"what": what}}


def two_factor_reset(*, reason) -> dict:
    """Issue 11: the office removed the person's authenticator and recovery codes; they enrol again at sign-in."""
    return {"subject": _("您账号的双因素认证已被办公室重置"),
            "body": _("领导小组办公室已重置您账号的双因素认证,原因:%(reason)s。原有的身份验证器绑定和恢复码均已失效;"
                      "下次登录时请重新绑定身份验证器并保存新的恢复码。如果您没有提出过重置,请立即联系领导小组办公室,"
                      "并修改密码。") % {"reason": reason}}
