"""`seed_demo`: every app's part of the demo in the order the award cycle runs (README: demo accounts)."""
from .award import seed_award_demo
from .review import seed_review_demo
from .supervision import seed_supervision_demo


def seed_demo(*, stdout=None):
    """Seed the award cycles, then review and supervision on the cycle in document review; safe to run again."""
    cycle = seed_award_demo(stdout=stdout)
    seed_review_demo(cycle=cycle, stdout=stdout)
    seed_supervision_demo(cycle=cycle, stdout=stdout)
    return cycle
