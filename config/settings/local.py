"""Demo and development: SQLite and eager tasks unless DATABASE_URL / REDIS_URL say otherwise."""
from .base import *  # noqa: F401,F403
from .base import env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["*"])
