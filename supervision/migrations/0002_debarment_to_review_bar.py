"""Art. 27: the bar moves to review's ReviewerBar, which review enforces in later cycles; existing Debarment rows
are copied there with their case's decision, then the model is dropped."""
from django.db import migrations


def copy_debarments(apps, schema_editor):
    Debarment = apps.get_model("supervision", "Debarment")
    ReviewerBar = apps.get_model("review", "ReviewerBar")
    for row in Debarment.objects.select_related("case").order_by("id"):
        case = row.case
        ReviewerBar.objects.create(
            subject="expert" if row.user_id else "agency", user_id=row.user_id, id_number=row.id_number,
            credit_code=row.credit_code, name=row.name, cycle_id=case.cycle_id,
            reason=case.decision_reasons or case.facts, decided_at=case.decided_at or case.proposed_at,
            decided_by_id=case.decided_by_id or case.proposed_by_id,
            effects={"misconduct_case": case.pk, **(case.effects or {})},
        )


class Migration(migrations.Migration):

    dependencies = [
        ("supervision", "0001_initial"),
        ("review", "0005_reviewer_bar"),
    ]

    operations = [
        migrations.RunPython(copy_debarments, migrations.RunPython.noop),
        migrations.DeleteModel(name="Debarment"),
    ]
