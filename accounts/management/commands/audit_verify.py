"""Check the audit log's hash chain end to end (SPEC §14, Art. 26); exit status 1 if it is broken."""
from django.core.management.base import BaseCommand

from accounts.audit import audit_verify


class Command(BaseCommand):
    help = "校验审计日志的哈希链:发现被改动或删除的记录时以状态 1 退出。"

    def handle(self, *args, **options):
        result = audit_verify()
        if result.ok:
            self.stdout.write(f"审计日志完整:共 {result.checked} 条")
            return
        self.stderr.write(
            f"审计日志在第 {result.first_broken_id} 条处断开:{result.reason}"
            f"(此前 {result.checked} 条完好)"
        )
        raise SystemExit(1)
