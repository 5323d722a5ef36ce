"""Append the audit chain's signed head to the anchor file outside the database (SPEC §14, Art. 26)."""
from django.core.management.base import BaseCommand

from accounts.audit import audit_anchor_write


class Command(BaseCommand):
    help = "把审计日志当前链头(签名)追加到数据库之外的锚点文件;由定时任务每小时执行,也可手动执行。"

    def handle(self, *args, **options):
        anchor = audit_anchor_write()
        if anchor is None:
            self.stdout.write("无需锚定:日志为空或链头已锚定")
        else:
            self.stdout.write(f"已锚定第 {anchor['id']} 条(共 {anchor['count']} 条,{anchor['at']})")
