"""Check the audit log's keyed hash chain end to end against its anchors (SPEC §14, Art. 26); exit status 1 if
it is broken. Says what the check proves and what it cannot."""
from django.core.management.base import BaseCommand

from accounts.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志的密钥哈希链及库外锚点:发现被改动、删除、清空或末尾丢失的记录时以状态 1 退出。"

    def handle(self, *args, **options):
        result = audit_verify()
        if not result.ok:
            where = f"在第 {result.first_broken_id} 条处断开" if result.first_broken_id else "校验失败"
            self.stderr.write(f"审计日志{where}:{result.reason}(此前 {result.checked} 条完好)")
            raise SystemExit(1)
        self.stdout.write(f"审计日志完整:共 {result.checked} 条")
        if result.anchored_id:
            self.stdout.write(
                f"已证明:至第 {result.anchored_id} 条(锚定于 {result.anchored_at})无改动、插入、删除,"
                f"末尾未丢失;共核对 {result.anchors} 个库外锚点"
            )
        for note in result.notes:
            self.stdout.write(f"无法证明:{note}")
