"""Convert stored values to English: complaints' status, tier and classification, the
status of each step of their story, and survey respondents' sex and occupation.

The audit log keeps the words it was written with: its entries are hash-chained and
cannot be changed (ADR 0012, ADR 0023)."""

from django.db import migrations

STATUS = {
    "diterima": "received",
    "ditunda": "postponed",
    "bukan_wewenang": "not_authority",
    "diarsipkan": "archived",
    "didisposisi": "routed",
    "ditindaklanjuti": "follow_up",
    "selesai": "resolved",
}
VALUES = {
    ("Complaint", "status"): STATUS,
    ("ComplaintEvent", "status"): STATUS,
    ("Complaint", "tier"): {
        "ringan": "light",
        "normatif": "normative",
        "tidak_berkadar": "unsupervised",
        "berkadar": "supervised",
    },
    ("Complaint", "classification"): {
        "pengaduan": "complaint",
        "aspirasi": "aspiration",
        "informasi": "information",
    },
    ("SurveyResponse", "gender"): {"L": "male", "P": "female"},
    ("SurveyResponse", "occupation"): {
        "swasta": "private",
        "wirausaha": "entrepreneur",
        "lainnya": "other",
    },
}


def _convert(apps, *, backwards: bool) -> None:
    for (model, field), mapping in VALUES.items():
        rows = apps.get_model("feedback", model).objects
        for old, new in mapping.items():
            before, after = (new, old) if backwards else (old, new)
            rows.filter(**{field: before}).update(**{field: after})


def forwards(apps, schema_editor):
    _convert(apps, backwards=False)


def backwards(apps, schema_editor):
    _convert(apps, backwards=True)


class Migration(migrations.Migration):
    dependencies = [("feedback", "0008_english_values")]

    operations = [migrations.RunPython(forwards, backwards)]
