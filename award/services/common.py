"""What the award services share: the role guard and the cycle lock with its stage check."""
from django.utils.translation import gettext as _

from accounts.models import Role

from ..models import Cycle, CycleStage
from .transition import WorkflowError


def require_role(by, *roles, message):
    if not (by and by.is_authenticated and by.is_active and by.role in roles):
        raise WorkflowError(message)


def office_only(by):
    require_role(by, Role.OFFICE, message=_("只有领导小组办公室可以进行此项工作。"))


def locked_cycle(cycle, stage):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.stage != stage:
        raise WorkflowError(
            _("本届当前处于“%(now)s”阶段,此项工作须在“%(stage)s”阶段进行。")
            % {"now": locked.get_stage_display(), "stage": CycleStage(stage).label}
        )
    return locked
