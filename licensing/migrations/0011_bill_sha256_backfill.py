"""Record the SHA-256 of the SKRD PDFs issued before the digest was kept (ADR 0023).

The digest is taken from the file as it is now: an SKRD already changed on disk cannot be
told apart, but every change from this release on is caught."""

import hashlib

from django.db import migrations


def backfill(apps, schema_editor):
    Bill = apps.get_model("licensing", "Bill")
    for bill in Bill.objects.filter(sha256="").exclude(pdf="").iterator(chunk_size=500):
        digest = hashlib.sha256()
        try:
            with bill.pdf.open("rb") as handle:
                for chunk in handle.chunks():
                    digest.update(chunk)
        except FileNotFoundError:
            continue  # files_verify reports it as missing
        Bill.objects.filter(pk=bill.pk).update(sha256=digest.hexdigest())


class Migration(migrations.Migration):
    dependencies = [("licensing", "0010_bill_sha256")]

    operations = [migrations.RunPython(backfill, migrations.RunPython.noop)]
