"""What review does when award announces a fact (award cannot call review, STYLE §4)."""


def _stage_changed(sender, *, cycle, **kwargs):
    """Art. 26: a stage that ended takes the experts' grants of its seats with it."""
    from .services.common import grants_sync_cycle

    grants_sync_cycle(cycle=cycle)


def connect():
    from award.signals import cycle_stage_changed

    cycle_stage_changed.connect(_stage_changed, dispatch_uid="review.grants_on_stage_change")
