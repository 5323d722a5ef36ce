"""Create or refresh the PostgreSQL owner and app roles (accounts/dbroles.py); idempotent. Run as a superuser."""
import os

from django.core.management.base import BaseCommand, CommandError
from django.db import connection

from accounts.dbroles import db_roles_apply, db_roles_problems


class Command(BaseCommand):
    help = ("以超级用户执行:创建或更新数据库属主角色(执行迁移)与应用角色(网站与 worker 使用,"
            "不拥有任何表,对审计日志只能查询和追加)。可重复执行。")

    def add_arguments(self, parser):
        parser.add_argument("--owner", default=os.environ.get("DB_OWNER_ROLE", "award_owner"))
        parser.add_argument("--app", default=os.environ.get("DB_APP_ROLE", "award_app"))

    def handle(self, *args, owner, app, **options):
        if connection.vendor != "postgresql":
            raise CommandError("db_roles needs PostgreSQL")
        db_roles_apply(owner=owner, app=app, owner_password=os.environ.get("DB_OWNER_PASSWORD", ""),
                       app_password=os.environ.get("DB_APP_PASSWORD", ""))
        problems = db_roles_problems(app=app)
        if problems:
            raise CommandError("; ".join(problems))
        self.stdout.write(f"角色就绪:{owner} 拥有全部表;{app} 不能改写、删除或清空审计日志")
