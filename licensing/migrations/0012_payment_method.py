"""How a payment was recorded (treasurer or gateway) is its method: "channel" now means how
a citizen reaches the office. Stored values do not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("licensing", "0011_bill_sha256_backfill")]

    operations = [
        migrations.RemoveConstraint(model_name="payment", name="payment_reference_once"),
        migrations.RenameField(model_name="payment", old_name="channel", new_name="method"),
        migrations.AddConstraint(
            model_name="payment",
            constraint=models.UniqueConstraint(
                fields=("method", "reference"), name="payment_reference_once"
            ),
        ),
    ]
