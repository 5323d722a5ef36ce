from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "创建演示届次和每个角色的演示账户(已存在时跳过)。"

    def handle(self, *args, **options):
        if not getattr(settings, "DEMO_SEED_ALLOWED", False):
            # The demo accounts (admin included) share a password printed in the README (issue 11).
            raise CommandError(
                "生产环境设置下拒绝创建演示账户(其密码公开在 README 中)。确需演示时请设置环境变量 DEMO_SEED_ALLOWED=true。"
            )
        seed_demo(stdout=self.stdout)
