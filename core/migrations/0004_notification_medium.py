"""A notification's e-mail, WhatsApp or SMS is its medium: "channel" now means how a citizen
reaches the office. Stored values do not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("core", "0003_audit_chain_hmac")]

    operations = [
        migrations.RenameField(model_name="notification", old_name="channel", new_name="medium"),
        migrations.AlterField(
            model_name="notification",
            name="medium",
            field=models.CharField(
                choices=[("email", "Email"), ("whatsapp", "WhatsApp"), ("sms", "SMS")],
                max_length=10,
                verbose_name="medium",
            ),
        ),
    ]
