"""What review does when award announces a fact (award cannot call review, STYLE §4)."""
from accounts.signals import conflict_facts_changed
from award.signals import cycle_stage_changed

from .services.common import grants_sync_cycle
from .services.conflicts import on_conflict_facts_changed


def _stage_changed(sender, *, cycle, **kwargs):
    """Art. 26: a stage that ended takes the experts' grants of its seats with it."""
    grants_sync_cycle(cycle=cycle)


def connect():
    cycle_stage_changed.connect(_stage_changed, dispatch_uid="review.grants_on_stage_change")
    # Art. 12: conflicts are re-checked whenever the data they run on changes, wherever it changed.
    conflict_facts_changed.connect(on_conflict_facts_changed, dispatch_uid="review.conflicts_recheck")
