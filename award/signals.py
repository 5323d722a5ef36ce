"""Facts award announces for the higher apps, which cannot be imported from here (STYLE §4).

`cycle_stage_changed(cycle, from_stage, to_stage, by)` is sent by `award.services.cycle_advance` inside its
transaction, so what a receiver changes commits or rolls back with the stage itself.
"""
from django.dispatch import Signal

cycle_stage_changed = Signal()
