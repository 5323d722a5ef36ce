"""The respondent row becomes the survey invitation's outbox row."""
import django.utils.timezone
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ("review", "0003_report_kinds"),
    ]

    operations = [
        migrations.AddField(
            model_name="respondent",
            name="created_at",
            field=models.DateTimeField(default=django.utils.timezone.now, verbose_name="添加时间"),
        ),
        migrations.AddField(model_name="respondent", name="relayed_at",
                            field=models.DateTimeField(blank=True, null=True)),
        migrations.AddField(model_name="respondent", name="attempts", field=models.PositiveIntegerField(default=0)),
        migrations.AddField(model_name="respondent", name="last_error",
                            field=models.CharField(blank=True, max_length=300)),
    ]
