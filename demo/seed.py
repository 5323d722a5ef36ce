"""`seed_demo`: every app's part of the demo in the order the award cycle runs (README: demo accounts).

Seeding is quiet: the notifications it causes are written to the inboxes and sent to an in-memory mailbox instead
of the console, and the PDF renderer's and Celery's per-step log lines are held back, so the command prints one
summary line per part (issue 10 point 9).
"""
import contextlib
import logging

from django.core import mail
from django.test.utils import override_settings

from .award import seed_award_demo
from .decision import seed_decision_demo
from .review import seed_review_demo
from .supervision import seed_supervision_demo

# Loggers that write a line per PDF step, per task or per login while the demo is seeded; kombu warns that the
# eager (broker-less) demo has no broker host.
CHATTY_LOGGERS = {"weasyprint": logging.WARNING, "fontTools": logging.WARNING, "celery": logging.WARNING,
                  "axes": logging.WARNING, "kombu": logging.ERROR}


@contextlib.contextmanager
def _quiet():
    loggers = [logging.getLogger(name) for name in CHATTY_LOGGERS]
    levels = [logger.level for logger in loggers]
    for logger, quiet in zip(loggers, CHATTY_LOGGERS.values(), strict=True):
        logger.setLevel(quiet)
    mail.outbox = []
    try:
        with override_settings(EMAIL_BACKEND="django.core.mail.backends.locmem.EmailBackend"):
            yield
    finally:
        for logger, level in zip(loggers, levels, strict=True):
            logger.setLevel(level)


def seed_demo(*, stdout=None):
    """Seed the award cycles, then review and supervision on the cycle in document review, then the cycle
    awaiting approval; safe to run again."""
    say = stdout.write if stdout else (lambda *_: None)
    with _quiet():
        cycle = seed_award_demo(stdout=stdout)
        seed_review_demo(cycle=cycle, stdout=stdout)
        seed_supervision_demo(cycle=cycle, stdout=stdout)
        seed_decision_demo(stdout=stdout)
        sent = len(mail.outbox)
    if sent:
        say(f"演示过程产生通知邮件 {sent} 封(未逐封显示,可登录相应账户在“消息”中查看)。")
    return cycle
