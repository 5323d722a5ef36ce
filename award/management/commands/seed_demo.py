import importlib

from django.apps import apps
from django.core.management.base import BaseCommand

from award.demo import seed_demo


class Command(BaseCommand):
    help = "创建演示届次和每个角色的演示账户(已存在时跳过)。"

    def handle(self, *args, **options):
        cycle = seed_demo(stdout=self.stdout)
        # Higher apps add their part of the demo without award importing them: each may offer
        # `<app>.demo.seed_demo_part(*, cycle, stdout)`.
        for config in apps.get_app_configs():
            if config.name in ("accounts", "award"):
                continue
            try:
                module = importlib.import_module(f"{config.name}.demo")
            except ModuleNotFoundError:
                continue
            part = getattr(module, "seed_demo_part", None)
            if part is not None:
                part(cycle=cycle, stdout=self.stdout)
