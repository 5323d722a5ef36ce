"""Hand unsent survey invitations to Celery again, once (SPEC §11): for cron, or after Redis restarted."""
from datetime import timedelta

from django.core.management.base import BaseCommand

from review.services.survey import survey_invitations_relay


class Command(BaseCommand):
    help = "补发未发送的满意度测评邀请邮件(每个测评链接只发送一次)。"

    def add_arguments(self, parser):
        parser.add_argument("--all", action="store_true", help="立即补发全部未发送的邀请,不等待其超时。")

    def handle(self, *args, **options):
        if options["all"]:
            relayed = survey_invitations_relay(min_age=timedelta(0), stale_after=timedelta(0))
        else:
            relayed = survey_invitations_relay()
        self.stdout.write(f"已交给消息队列:{relayed} 份测评邀请")
