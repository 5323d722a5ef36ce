"""Reports for a whole cycle and of the site review and the satisfaction survey: ReportFile gains its cycle and
the application becomes optional."""
import django.db.models.deletion
from django.db import migrations, models


def fill_cycle(apps, schema_editor):
    ReportFile = apps.get_model("review", "ReportFile")
    for report in ReportFile.objects.select_related("application"):
        report.cycle_id = report.application.cycle_id
        report.save(update_fields=["cycle"])


class Migration(migrations.Migration):

    dependencies = [
        ("award", "0003_recusal"),
        ("review", "0002_report_file"),
    ]

    operations = [
        migrations.AddField(
            model_name="reportfile",
            name="cycle",
            field=models.ForeignKey(null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="review_reports", to="award.cycle"),
        ),
        migrations.RunPython(fill_cycle, migrations.RunPython.noop),
        migrations.AlterField(
            model_name="reportfile",
            name="cycle",
            field=models.ForeignKey(on_delete=django.db.models.deletion.CASCADE, related_name="review_reports",
                                    to="award.cycle"),
        ),
        migrations.AlterField(
            model_name="reportfile",
            name="application",
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.CASCADE,
                                    related_name="review_reports", to="award.application"),
        ),
        migrations.AlterField(
            model_name="reportfile",
            name="kind",
            field=models.CharField(choices=[("document", "资料评审报告"), ("cycle_document", "资料评审汇总报告"),
                                            ("site", "现场评审报告"), ("satisfaction", "社会满意度测评报告")],
                                   default="document", max_length=20, verbose_name="类型"),
        ),
        migrations.RemoveConstraint(model_name="reportfile", name="one_report_per_kind"),
        migrations.AddConstraint(
            model_name="reportfile",
            constraint=models.UniqueConstraint(condition=models.Q(("application__isnull", False)),
                                               fields=("application", "kind"), name="one_report_per_kind"),
        ),
        migrations.AddConstraint(
            model_name="reportfile",
            constraint=models.UniqueConstraint(condition=models.Q(("application__isnull", True)),
                                               fields=("cycle", "kind"), name="one_cycle_report_per_kind"),
        ),
    ]
