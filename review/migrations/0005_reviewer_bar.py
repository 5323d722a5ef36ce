"""Art. 27: the record of a disqualified expert or agency that review enforces in later cycles."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models


class Migration(migrations.Migration):

    dependencies = [
        ('award', '0004_decision'),
        ('review', '0004_respondent_outbox'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='ReviewerBar',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('subject', models.CharField(choices=[('expert', '评审专家'), ('agency', '第三方评审机构')], max_length=10, verbose_name='对象类型')),
                ('id_number', models.CharField(blank=True, db_index=True, max_length=18, verbose_name='居民身份证号码')),
                ('credit_code', models.CharField(blank=True, db_index=True, max_length=18, verbose_name='统一社会信用代码')),
                ('name', models.CharField(max_length=200, verbose_name='名称')),
                ('reason', models.TextField(verbose_name='决定理由')),
                ('decided_at', models.DateTimeField(default=django.utils.timezone.now, verbose_name='决定时间')),
                ('effects', models.JSONField(blank=True, default=dict, verbose_name='处理结果记录')),
                ('cycle', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='reviewer_bars', to='award.cycle', verbose_name='作出决定的届次')),
                ('decided_by', models.ForeignKey(on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL)),
                ('user', models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='reviewer_bars', to=settings.AUTH_USER_MODEL, verbose_name='评审专家')),
            ],
            options={
                'verbose_name': '取消评审资格记录',
                'verbose_name_plural': '取消评审资格记录',
                'ordering': ['-decided_at', '-id'],
                'constraints': [models.CheckConstraint(condition=models.Q(models.Q(('subject', 'expert'), ('user__isnull', False)), models.Q(('subject', 'agency'), models.Q(('credit_code', ''), _negated=True)), _connector='OR'), name='reviewer_bar_keyed')],
            },
        ),
    ]
