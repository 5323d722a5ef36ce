"""Restore a backup archive into an empty database and storage, and verify it (award/backup.py)."""
from django.core.management.base import BaseCommand, CommandError

from award.backup import BackupError, restore_read


class Command(BaseCommand):
    help = "把备份归档恢复到空数据库与空存储,并核对行数、文件 SHA-256 与审计日志哈希链。"

    def add_arguments(self, parser):
        parser.add_argument("path")

    def handle(self, *args, path, **options):
        try:
            report = restore_read(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        self.stdout.write(f"已恢复并核对:{report['tables']} 张表 {report['rows']} 行,{report['files']} 个文件,"
                          f"审计日志 {report['audit_entries']} 条完好(备份于 {report['created_at']})")
