"""Who may reach each accounts URL (the walk in tests/test_permission_walk.py)."""
from tests.permission_walk import ANY_LOGGED_IN, PUBLIC, Rule

APPLICANTS = {"owner", "other_applicant", "individual"}
# The roles that sign in with a second factor (accounts/twofactor.py OTP_ROLES).
OTP_ACTORS = {"office", "agency", "expert", "conflicted_expert", "supervisor", "leading_group"}


def extend_world(world):
    from tests.factories.accounts import NotificationFactory, SupervisorUserFactory

    world["owner_notification"] = NotificationFactory(recipient=world["owner"])
    world["staff_account"] = SupervisorUserFactory(username="staff-walk")


RULES = {
    # Logged-in visitors of login/register pages are redirected to their dashboard, which the walk counts as allowed.
    "accounts:login": Rule(allowed=PUBLIC),
    "accounts:logout": Rule(allowed=PUBLIC, method="POST"),
    "accounts:register": Rule(allowed=PUBLIC),
    "accounts:register_organization": Rule(allowed=PUBLIC),
    "accounts:register_individual": Rule(allowed=PUBLIC),
    "accounts:dashboard": Rule(allowed=ANY_LOGGED_IN),
    "accounts:password_change": Rule(allowed=ANY_LOGGED_IN),
    "accounts:password_change_done": Rule(allowed=ANY_LOGGED_IN),
    # the invitation's one-time link: a wrong token shows "link invalid" to anyone, changes nothing
    "accounts:password_set": Rule(lambda w: {"uidb64": "MQ", "token": "wrong-token"}, PUBLIC),
    "accounts:password_set_done": Rule(allowed=PUBLIC),
    "accounts:profile": Rule(allowed=APPLICANTS),
    "accounts:inbox": Rule(allowed=ANY_LOGGED_IN),
    "accounts:inbox_read": Rule(lambda w: {"pk": w["owner_notification"].pk}, {"owner"}, method="POST"),
    "accounts:inbox_read_all": Rule(allowed=ANY_LOGGED_IN, method="POST"),
    "accounts:staff_list": Rule(allowed={"office"}),
    "accounts:recommender_list": Rule(allowed={"office"}),
    "accounts:staff_create": Rule(allowed={"office"}),
    # Sign-in (issue 11): the code page sends anyone who owes no code on to the dashboard (counted as allowed).
    "accounts:account_security": Rule(allowed=ANY_LOGGED_IN),
    "accounts:otp_verify": Rule(allowed=ANY_LOGGED_IN),
    "accounts:otp_enrol": Rule(allowed=OTP_ACTORS),
    "accounts:otp_qr": Rule(allowed=OTP_ACTORS),
    "accounts:otp_recovery_regenerate": Rule(allowed=OTP_ACTORS, method="POST"),
    "accounts:otp_reset": Rule(lambda w: {"pk": w["staff_account"].pk}, {"office"}),
    "accounts:staff_toggle_active": Rule(lambda w: {"pk": w["staff_account"].pk}, {"office"}, method="POST"),
}
