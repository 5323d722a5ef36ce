from django.db import migrations


def seed(apps, schema_editor):
    from award.standards_seed import INDIVIDUAL_STANDARD, ORGANIZATION_STANDARD, load_standard

    ScoringStandard = apps.get_model("award", "ScoringStandard")
    StandardCategory = apps.get_model("award", "StandardCategory")
    StandardItem = apps.get_model("award", "StandardItem")
    for data in (ORGANIZATION_STANDARD, INDIVIDUAL_STANDARD):
        if not ScoringStandard.objects.filter(kind=data["kind"]).exists():
            load_standard(ScoringStandard, StandardCategory, StandardItem, data)


def unseed(apps, schema_editor):
    apps.get_model("award", "ScoringStandard").objects.filter(version=1).delete()


class Migration(migrations.Migration):
    dependencies = [("award", "0001_initial")]
    operations = [migrations.RunPython(seed, unseed)]
