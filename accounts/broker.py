"""Handing work to the broker (Celery over Redis) without letting a broker outage stretch a request (issue 11).

Every hand-off after a commit waits at most the broker's short socket timeouts (settings: 2 s) and, on an error,
leaves its row for a relay (the notification outbox, survey invitations, pending certificates). A request that
makes many hand-offs would still wait once per hand-off — 100 notifications, 200 s. So inside a *broker scope*
(`broker_scope`, opened for every request by accounts.middleware.BrokerScopeMiddleware) the first broker error is
remembered and the remaining hand-offs of the scope go straight to their relay without trying the broker again.
Outside a scope (a worker's task, a management command) every hand-off tries.
"""
import contextlib
import contextvars
import logging

import kombu.exceptions
import redis.exceptions

logger = logging.getLogger(__name__)

# What a failed hand-off to the broker can raise; the row stays where its relay finds it.
BROKER_ERRORS = (kombu.exceptions.OperationalError, redis.exceptions.RedisError, OSError, TimeoutError)

_scope: contextvars.ContextVar[dict | None] = contextvars.ContextVar("broker_scope", default=None)


@contextlib.contextmanager
def broker_scope():
    """Within the block, after the first broker error no hand-off tries the broker again."""
    token = _scope.set({"failed": False, "skipped": 0})
    try:
        yield
    finally:
        state = _scope.get()
        if state and state["skipped"]:
            logger.warning("消息队列不可用:本次请求另有 %s 项任务未尝试交付,留待补发。", state["skipped"])
        _scope.reset(token)


def broker_hand_off(task, *, kwargs, what) -> bool:
    """Queue `task` with `kwargs`; True if the broker took it. False (logged) on a broker error, or at once when
    the broker already failed in this scope; the caller's relay hands it over later. `what` names it in the log."""
    state = _scope.get()
    if state is not None and state["failed"]:
        state["skipped"] += 1
        return False
    try:
        task.apply_async(kwargs=kwargs, retry=False)
    except BROKER_ERRORS as exc:
        if state is not None:
            state["failed"] = True
        logger.warning("%s 未能交给消息队列,留待补发:%s", what, exc)
        return False
    return True
