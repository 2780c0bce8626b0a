"""An SKRD can be cancelled (when the decision is reversed): its status, when and why."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [
        ("licensing", "0012_payment_method"),
    ]

    operations = [
        migrations.AddField(
            model_name="bill",
            name="cancellation_reason",
            field=models.TextField(blank=True),
        ),
        migrations.AddField(
            model_name="bill",
            name="cancelled_at",
            field=models.DateTimeField(blank=True, null=True),
        ),
        migrations.AlterField(
            model_name="bill",
            name="status",
            field=models.CharField(
                choices=[("unpaid", "Unpaid"), ("paid", "Paid"), ("cancelled", "Cancelled")],
                default="unpaid",
                max_length=10,
            ),
        ),
    ]
