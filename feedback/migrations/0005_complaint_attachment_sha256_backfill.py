"""Record the SHA-256 of complaint attachments filed before the digest was kept (ADR 0023).

The digest is taken from the file as it is now: an attachment already changed on disk
cannot be told apart, but every change from this release on is caught."""

import hashlib

from django.db import migrations


def backfill(apps, schema_editor):
    ComplaintAttachment = apps.get_model("feedback", "ComplaintAttachment")
    # The keys first: no open cursor over the table while its rows are updated.
    pks = list(ComplaintAttachment.objects.filter(sha256="").values_list("pk", flat=True))
    for pk in pks:
        attachment = ComplaintAttachment.objects.get(pk=pk)
        digest = hashlib.sha256()
        try:
            with attachment.file.open("rb") as handle:
                for chunk in handle.chunks():
                    digest.update(chunk)
        except FileNotFoundError:
            continue  # files_verify reports it as missing
        ComplaintAttachment.objects.filter(pk=attachment.pk).update(sha256=digest.hexdigest())


class Migration(migrations.Migration):
    dependencies = [("feedback", "0004_complaint_attachment_sha256")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
