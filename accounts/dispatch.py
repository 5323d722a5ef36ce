"""Hand-offs to Celery by task name (STYLE §10): a service queues a task without importing the module that
defines it, since that module imports the service. Each app's `ready()` imports its `tasks` module, so every
name is registered in the web process as well as in the worker.
"""
from celery import current_app


def task_named(name: str):
    """The registered Celery task called `name` (KeyError if no app registered it)."""
    return current_app.tasks[name]


def task_queue(name: str, *, kwargs: dict, retry: bool = True):
    """Queue the task `name` with keyword arguments (run at once when tasks run eagerly). With `retry=False` a
    broker error is raised at once instead of retried, for callers that leave the row to a relay."""
    return task_named(name).apply_async(kwargs=kwargs, retry=retry)
