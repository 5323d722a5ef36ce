"""Facts review announces for supervision, which review cannot import (STYLE §4).

`correction_changed(correction, event)` is sent inside the transaction of the correction service that opened,
applied or cancelled it (`event` is "opened", "applied" or "cancelled"), so the supervision group's notice commits
or rolls back with it.
"""
from django.dispatch import Signal

correction_changed = Signal()
