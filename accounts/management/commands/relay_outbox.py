"""Hand what every outbox still has to deliver to Celery again, once (SPEC §11): for cron, or after Redis restarted."""
from django.core.management.base import BaseCommand

from accounts.outbox import OUTBOXES, outboxes_relay


class Command(BaseCommand):
    help = "补发未交付的通知邮件、测评邀请和证书生成任务(与每 30 秒运行的 task_relay_outbox 相同)。"

    def add_arguments(self, parser):
        parser.add_argument(
            "--all",
            action="store_true",
            help="立即补发全部未交付的事项,不等待其超时(如 Redis 重启后)。",
        )

    def handle(self, *args, **options):
        relayed = outboxes_relay(at_once=options["all"])
        counts = "、".join(OUTBOXES[name].counted.format(n=n) for name, n in relayed.items())
        self.stdout.write(f"已交给消息队列:{counts}")
