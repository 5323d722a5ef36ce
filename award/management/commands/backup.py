"""Write a consistent backup archive of the database and the private files (award/backup.py)."""
from django.core.management.base import BaseCommand, CommandError

from award.backup import BackupError, backup_write


class Command(BaseCommand):
    help = "备份数据库与全部私有文件到一个归档(含行数与 SHA-256 清单,以审计密钥签名)。"

    def add_arguments(self, parser):
        parser.add_argument("path", help="归档文件路径,例如 /backup/award-20260501.tar")

    def handle(self, *args, path, **options):
        try:
            manifest = backup_write(path=path)
        except BackupError as error:
            raise CommandError(str(error)) from error
        tables = manifest["database"]["tables"]
        self.stdout.write(f"已备份:{len(tables)} 张表 {sum(tables.values())} 行,{len(manifest['files'])} 个文件,"
                          f"审计日志 {manifest['audit']['count']} 条 → {path}")
