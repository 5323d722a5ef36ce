"""The recommenders the regulation is addressed to: the county-level governments and development-zone committees.

Municipal departments are added by the office as the cycle needs them.
"""
from django.db import migrations

COUNTIES = [
    ("滨城区人民政府", "bincheng"),
    ("沾化区人民政府", "zhanhua"),
    ("惠民县人民政府", "huimin"),
    ("阳信县人民政府", "yangxin"),
    ("无棣县人民政府", "wudi"),
    ("博兴县人民政府", "boxing"),
    ("邹平市人民政府", "zouping"),
    ("滨州经济技术开发区管委会", "etdz"),
    ("滨州高新技术产业开发区管委会", "hightech"),
    ("北海经济开发区管委会", "beihai"),
]


def seed(apps, schema_editor):
    Recommender = apps.get_model("accounts", "Recommender")
    for name, district in COUNTIES:
        Recommender.objects.get_or_create(name=name, defaults={"kind": "county", "district": district})


def unseed(apps, schema_editor):
    apps.get_model("accounts", "Recommender").objects.filter(name__in=[n for n, _ in COUNTIES]).delete()


class Migration(migrations.Migration):
    dependencies = [("accounts", "0002_auditentry_append_only")]
    operations = [migrations.RunPython(seed, unseed)]
