"""Hand unsent notifications to Celery again, once (SPEC §11): for cron, or after Redis restarted."""
from datetime import timedelta

from django.core.management.base import BaseCommand

from accounts.notifications import outbox_relay


class Command(BaseCommand):
    help = "补发未发送的通知邮件(与每 30 秒运行的 task_relay_outbox 相同)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="立即补发全部未发送的通知,不等待其超时(如 Redis 重启后)。",
        )

    def handle(self, *args, **options):
        if options["all"]:
            relayed = outbox_relay(min_age=timedelta(0), stale_after=timedelta(0))
        else:
            relayed = outbox_relay()
        self.stdout.write(f"已交给消息队列:{relayed} 条通知")
