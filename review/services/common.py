"""What every review service shares: the error it raises and the guardian grants that follow an expert's work."""
from guardian.shortcuts import assign_perm, remove_perm

from ..models import Assignment, AssignmentState, Conflict, SiteTeamMember

GRANTED_PERMS = ("award.view_application", "award.view_evidence")


class ReviewError(Exception):
    """A request the rules refuse; the message is shown to the user as it is (Chinese)."""

    def __init__(self, message):
        super().__init__(str(message))
        self.message = str(message)

    def __str__(self):
        return self.message


def grants_sync(*, expert, application):
    """Grant the expert the application and its evidence while an active assignment or a site-team seat needs
    it, and take the grant back otherwise; a conflict always takes it back (Art. 12)."""
    needed = (
        not Conflict.objects.filter(expert=expert, application=application).exists()
        and (
            Assignment.objects.filter(expert=expert, application=application, state=AssignmentState.ACTIVE).exists()
            or SiteTeamMember.objects.filter(expert=expert, visit__application=application).exists()
        )
    )
    for perm in GRANTED_PERMS:
        if needed:
            assign_perm(perm, expert, application)
        else:
            remove_perm(perm, expert, application)
    return needed
