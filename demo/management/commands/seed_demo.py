from django.core.management.base import BaseCommand

from demo.seed import seed_demo


class Command(BaseCommand):
    help = "创建演示届次和每个角色的演示账户(已存在时跳过)。"

    def handle(self, *args, **options):
        seed_demo(stdout=self.stdout)
