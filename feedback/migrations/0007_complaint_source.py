"""Where a complaint came from (web form or Open311) is its source: "channel" now means how
a citizen reaches the office. Stored values do not change."""

from django.db import migrations, models


class Migration(migrations.Migration):
    dependencies = [("feedback", "0006_survey_elements_for_regions")]

    operations = [
        migrations.RenameField(model_name="complaint", old_name="channel", new_name="source"),
        migrations.AlterField(
            model_name="complaint",
            name="source",
            field=models.CharField(
                choices=[("web", "web form"), ("open311", "Open311")], default="web", max_length=10
            ),
        ),
    ]
