"""Import jobs: a large file stored by the request and imported by the worker, its progress
and its outcome kept for the planner's page (ADR 0022)."""

import datetime
import logging
from pathlib import PurePath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.files.base import File
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.formatting import number
from planning.budget import BudgetRefusedError, budget_import
from planning.models import ImportJob, ImportKind, ImportStatus, NomenclatureVersion
from planning.nomenclature import nomenclature_import
from planning.tags import tags_import

log = logging.getLogger(__name__)


def import_job_create(*, region, kind: str, upload, options: dict, actor) -> ImportJob:
    """Store the upload through Django's storage and queue it for the worker."""
    job = ImportJob(
        region=region,
        kind=kind,
        filename=PurePath(upload.name or "").name[:200],
        options=options,
        requested_by=actor if getattr(actor, "pk", None) else None,
        rows_total=_csv_lines(upload),
    )
    upload.seek(0)
    suffix = PurePath(job.filename).suffix.lower()
    job.file.save(f"impor{suffix}", File(upload), save=False)
    job.save()
    return job


def _csv_lines(upload) -> int | None:
    """The data rows a CSV holds, for the progress bar (line breaks inside quotes make it
    an estimate); None for XLSX, where only the rows read so far are known."""
    if PurePath(upload.name or "").suffix.lower() not in (".csv", ".txt"):
        return None
    upload.seek(0)
    lines = sum(chunk.count(b"\n") for chunk in upload.chunks())
    upload.seek(0)
    return max(lines - 1, 0)


def import_jobs_run_due() -> int:
    """Close jobs a stopped worker left running, then run every waiting job, oldest first;
    the number run."""
    _import_jobs_close_abandoned()
    count = 0
    for pk in (
        ImportJob.objects.filter(status=ImportStatus.QUEUED)
        .order_by("pk")
        .values_list("pk", flat=True)
    ):
        if import_job_run(job_pk=pk) is not None:
            count += 1
    return count


def _import_jobs_close_abandoned() -> None:
    """A job running for twice the time bound lost its worker (stopped, killed, a deploy):
    say so on its page rather than show it running for ever."""
    since = timezone.now() - datetime.timedelta(seconds=2 * settings.SATUPINTU_IMPORT_MAX_SECONDS)
    for job in ImportJob.objects.filter(status=ImportStatus.RUNNING, started_at__lt=since):
        job.file.delete(save=False)
        ImportJob.objects.filter(pk=job.pk, status=ImportStatus.RUNNING).update(
            status=ImportStatus.REFUSED,
            finished_at=timezone.now(),
            file="",
            error=_(
                "The import was cut off when the background worker stopped; upload the file again."
            ),
        )


def import_job_run(*, job_pk: int) -> ImportJob | None:
    """Claim a waiting job (another worker may have it) and import its file: done with the
    outcome, or refused with the reason and each bad row. Nothing is imported on refusal."""
    claimed = ImportJob.objects.filter(pk=job_pk, status=ImportStatus.QUEUED).update(
        status=ImportStatus.RUNNING, started_at=timezone.now()
    )
    if not claimed:
        return None
    job = ImportJob.objects.select_related("region", "requested_by").get(pk=job_pk)

    def progress(rows: int) -> None:
        # Committed at once (the import reads outside its transaction): the page sees it.
        ImportJob.objects.filter(pk=job.pk).update(rows_done=rows)

    outcome: dict = {}
    try:
        with job.file.open("rb") as file:
            outcome = _import(job, file, progress)
    except BudgetRefusedError as error:
        outcome = _refusal(error) | {
            "unknown_agencies": [agency.as_json() for agency in error.unknown_agencies]
        }
    except ValidationError as error:
        outcome = _refusal(error)
    except Exception:
        log.exception("import job %s stopped", job.pk)
        outcome = {
            "status": ImportStatus.REFUSED,
            "error": _(
                "The import stopped on an error; nothing was imported. Tell the administrator."
            ),
        }
    finally:
        job.file.delete(save=False)
    with transaction.atomic():
        outcome["result"] = outcome.get("result", "")[:300]
        ImportJob.objects.filter(pk=job.pk).update(finished_at=timezone.now(), file="", **outcome)
    job.refresh_from_db()
    return job


def _refusal(error: ValidationError) -> dict:
    problems = getattr(error, "problems", [])
    return {
        "status": ImportStatus.REFUSED,
        "error": " ".join(error.messages),
        "problems": [[problem.row, problem.code, problem.message] for problem in problems],
    }


def _import(job: ImportJob, file, progress) -> dict:
    options, actor = job.options, job.requested_by
    if job.kind == ImportKind.NOMENCLATURE:
        version = nomenclature_import(
            name=options["name"], file=file, filename=job.filename, actor=actor, progress=progress
        )
        count = version.items.count()
        return {
            "status": ImportStatus.DONE,
            "result": _("%(name)s: %(count)s codes imported.")
            % {"name": version.name, "count": count},
        }
    if job.kind == ImportKind.BUDGET:
        nomenclature = NomenclatureVersion.objects.filter(pk=options["nomenclature"]).first()
        if nomenclature is None:
            raise ValidationError(_("Choose a nomenclature version."))
        budget = budget_import(
            region=job.region,
            year=options["year"],
            stage=options["stage"],
            nomenclature=nomenclature,
            file=file,
            filename=job.filename,
            actor=actor,
            progress=progress,
            sheet=options.get("sheet", ""),
        )
        return {
            "status": ImportStatus.DONE,
            "budget": budget,
            "result": _("%(budget)s: %(count)s lines imported.")
            % {"budget": budget, "count": number(budget.line_count)}
            + (f" {report}." if (report := budget.import_report.summary()) else ""),
        }
    count = tags_import(region=job.region, file=file, filename=job.filename, progress=progress)
    return {
        "status": ImportStatus.DONE,
        "rows_done": count,
        "result": _("%(count)s tags imported.") % {"count": number(count)},
    }
