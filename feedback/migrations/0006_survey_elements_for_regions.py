"""Give every region the nine standard survey elements it lacks: they used to be created on
the first read, and reading now only reads (new regions get them when created)."""

from django.db import migrations

# The standard's texts as data; only the models must come from the migration state.
from feedback.standard import NINE


def ensure(apps, schema_editor):
    Region = apps.get_model("org", "Region")
    SurveyElement = apps.get_model("feedback", "SurveyElement")
    for region in Region.objects.all():
        present = set(SurveyElement.objects.filter(region=region).values_list("code", flat=True))
        SurveyElement.objects.bulk_create(
            SurveyElement(
                region=region,
                code=code,
                name=name,
                question=question,
                answer_1=answers[0],
                answer_2=answers[1],
                answer_3=answers[2],
                answer_4=answers[3],
                order=int(code[1:]),
            )
            for code, name, question, answers in NINE
            if code not in present
        )


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0005_complaint_attachment_sha256_backfill"),
        ("org", "0006_region_second_factor_roles"),
    ]

    # Backwards the elements stay: they may hold the region's edits and answers.
    operations = [migrations.RunPython(ensure, migrations.RunPython.noop)]
