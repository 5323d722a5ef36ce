"""What the award services share: the cycle lock with its stage check. The role guard is accounts.refusals'
(`require_role`, `office_only`), imported from here by award's services as before."""
from django.utils.translation import gettext as _

from accounts.refusals import office_only, require_role

from ..models import Cycle, CycleStage
from .transition import WorkflowError

__all__ = ["locked_cycle", "office_only", "require_role"]


def locked_cycle(cycle, stage):
    locked = Cycle.objects.select_for_update().get(pk=cycle.pk)
    if locked.stage != stage:
        raise WorkflowError(
            _("本届当前处于“%(now)s”阶段,此项工作须在“%(stage)s”阶段进行。")
            % {"now": locked.get_stage_display(), "stage": CycleStage(stage).label}
        )
    return locked
