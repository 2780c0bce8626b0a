"""Stored values in English (the labels stay translated): the choices, and room for
"female" and "entrepreneur". 0009 converts the rows."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("feedback", "0007_complaint_source"),
    ]

    operations = [
        migrations.AlterField(
            model_name="complaint",
            name="classification",
            field=models.CharField(
                choices=[
                    ("complaint", "Complaint"),
                    ("aspiration", "Aspiration"),
                    ("information", "Request for information"),
                ],
                default="complaint",
                max_length=12,
                verbose_name="classification",
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("postponed", "Postponed"),
                    ("not_authority", "Not our authority"),
                    ("archived", "Archived"),
                    ("routed", "Verified and sent to the agency"),
                    ("follow_up", "Being followed up"),
                    ("resolved", "Resolved"),
                ],
                default="received",
                max_length=16,
                verbose_name="status",
            ),
        ),
        migrations.AlterField(
            model_name="complaint",
            name="tier",
            field=models.CharField(
                blank=True,
                choices=[
                    ("light", "Light (2 working days)"),
                    ("normative", "Normative (5 working days)"),
                    ("unsupervised", "Without supervisory content (14 working days)"),
                    ("supervised", "With supervisory content (60 working days)"),
                ],
                max_length=16,
                verbose_name="tier",
            ),
        ),
        migrations.AlterField(
            model_name="complaintevent",
            name="status",
            field=models.CharField(
                choices=[
                    ("received", "Received"),
                    ("postponed", "Postponed"),
                    ("not_authority", "Not our authority"),
                    ("archived", "Archived"),
                    ("routed", "Verified and sent to the agency"),
                    ("follow_up", "Being followed up"),
                    ("resolved", "Resolved"),
                ],
                max_length=16,
            ),
        ),
        migrations.AlterField(
            model_name="surveyresponse",
            name="gender",
            field=models.CharField(
                choices=[("male", "Male"), ("female", "Female")], max_length=6, verbose_name="sex"
            ),
        ),
        migrations.AlterField(
            model_name="surveyresponse",
            name="occupation",
            field=models.CharField(
                choices=[
                    ("pns", "PNS"),
                    ("tni", "TNI"),
                    ("polri", "POLRI"),
                    ("private", "Private employee"),
                    ("entrepreneur", "Entrepreneur"),
                    ("other", "Other"),
                ],
                max_length=12,
                verbose_name="occupation",
            ),
        ),
    ]
