"""Stored files: served only when they still match their recorded SHA-256, verified in bulk,
removed when their transaction rolls back, and swept when no row names them."""

import datetime
import functools
import hashlib
import threading
from collections.abc import Iterator
from contextlib import ContextDecorator
from contextvars import ContextVar
from dataclasses import dataclass, field

from django.apps import apps
from django.conf import settings
from django.core.cache import cache
from django.core.files.storage import default_storage
from django.db import models, transaction
from django.http import FileResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _

from core.audit import audit_record
from core.http import client_address

CHUNK_BYTES = 64 * 1024


class FileChangedError(Exception):
    """The bytes on disk stopped matching the stored digest while they were being sent."""


def _digest(handle) -> tuple[str, int]:
    digest, size = hashlib.sha256(), 0
    handle.seek(0)
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
        size += len(chunk)
    return digest.hexdigest(), size


def _verified_chunks(handle, expected: str) -> Iterator[bytes]:
    """The file's bytes, hashed again as they go; the last chunk is held back until the
    digest is known, so a file changed after the first check never arrives whole."""
    digest = hashlib.sha256()
    handle.seek(0)
    held = b""
    while chunk := handle.read(CHUNK_BYTES):
        digest.update(chunk)
        if held:
            yield held
        held = chunk
    if digest.hexdigest() != expected:
        raise FileChangedError("the file changed while it was being sent")
    if held:
        yield held


def private_file(
    file,
    *,
    request=None,
    sha256: str | None = None,
    size: int | None = None,
    content_type: str,
    filename: str,
    as_attachment: bool = True,
    object_type: str = "",
    object_id="",
):
    """A stored file for the person allowed to see it: never cached, never sniffed, and
    never sent when it no longer matches its recorded SHA-256.

    Verify first, then stream: the whole file is hashed in 64 KiB chunks before the
    headers go out (files are at most the upload limit, and generated PDFs are smaller), so
    a mismatch can still be answered with a page instead of a half-sent download; memory
    stays one chunk. The same open handle is then streamed and hashed again on the way.
    Without a digest, a recorded `size` is compared instead."""
    try:
        handle = file.open("rb")
    except (FileNotFoundError, ValueError):
        return _refused(request, file, "file_missing", sha256, object_type, object_id)
    if sha256:
        actual, size = _digest(handle)
        if actual != sha256:
            handle.close()
            return _refused(request, file, "file_tampered", sha256, object_type, object_id)
        response = FileResponse(
            _verified_chunks(handle, sha256),
            content_type=content_type,
            as_attachment=as_attachment,
            filename=filename,
        )
        # FileResponse sets these itself only for a file object, not for a generator.
        response["Content-Length"] = str(size)
        response["Content-Disposition"] = content_disposition_header(as_attachment, filename)
        response._resource_closers.append(handle.close)
    else:
        # Complaint attachments have no digest recorded yet (ADR 0023): their size, then.
        if size is not None and file.size != size:
            handle.close()
            return _refused(request, file, "file_tampered", sha256, object_type, object_id)
        response = FileResponse(
            handle, content_type=content_type, as_attachment=as_attachment, filename=filename
        )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response


def _refused(request, file, action: str, sha256, object_type: str, object_id):
    """The refusal page (410), and an audit entry naming the file and who asked for it."""
    user = getattr(request, "user", None)
    audit_record(
        actor=user if getattr(user, "is_authenticated", False) else None,
        object_type=object_type or "file",
        object_id=object_id or "-",
        action=action,
        reason=_("stored file no longer matches its record")
        if action == "file_tampered"
        else _("stored file is missing"),
        client_address=client_address(request) if request is not None else None,
        data={"name": file.name, "expected_sha256": sha256 or ""},
    )
    response = render(
        request,
        "core/file_refused.html",
        {"title": _("This file cannot be shown")},
        status=410,
    )
    response["Cache-Control"] = "private, no-store"
    return response


# Checking every stored file --------------------------------------------------------------


@dataclass
class FilesReport:
    checked: int = 0
    size_only: int = 0
    problems: list[str] = field(default_factory=list)


def _file_fields() -> Iterator[tuple[type[models.Model], models.FileField]]:
    """Every FileField of every installed model: core names no other app (DESIGN §3)."""
    for model in apps.get_models():
        for model_field in model._meta.concrete_fields:
            if isinstance(model_field, models.FileField):
                yield model, model_field


def files_verify() -> FilesReport:
    """Hash every stored file against the `sha256` beside it (or compare the `size` where
    no digest is recorded) and name each one that is missing or changed."""
    report = FilesReport()
    for model, file_field in _file_fields():
        names = {f.name for f in model._meta.concrete_fields}
        digest_field = "sha256" if "sha256" in names else None
        size_field = "size" if "size" in names else None
        values = ["pk", file_field.attname, *filter(None, (digest_field, size_field))]
        rows = model._default_manager.exclude(**{file_field.attname: ""}).values(*values)
        for row in rows.order_by("pk").iterator(chunk_size=500):
            name = row[file_field.attname]
            label = f"{model._meta.label_lower} #{row['pk']} {name}"
            report.checked += 1
            expected = row.get(digest_field) if digest_field else None
            if not expected:
                report.size_only += 1
            try:
                with file_field.storage.open(name, "rb") as handle:
                    actual, size = _digest(handle)
            except FileNotFoundError:
                report.problems.append(f"{label}: missing")
                continue
            if expected and actual != expected:
                report.problems.append(f"{label}: content changed (SHA-256 differs)")
            elif not expected and size_field and size != row[size_field]:
                report.problems.append(f"{label}: content changed (size differs)")
    return report


# Files of a transaction that rolls back ----------------------------------------------------

_written: ContextVar[list | None] = ContextVar("files_written", default=None)


def file_written(field_file) -> None:
    """Note a newly stored file: removed if its `files_atomic` block rolls back, and at the
    end of the request if the transaction it was written in did not commit. Model saves
    note their new files themselves (the signals below); call this after
    `FieldFile.save(..., save=False)`, which writes before any row exists."""
    if not field_file:
        return
    pending = _written.get()
    if pending is not None:
        pending.append((field_file.storage, field_file.name))
    _track_until_commit(field_file.storage, field_file.name)


# Files written in a transaction that has not committed yet, per thread (Django's
# connections are per thread too); on_commit takes each out, so what is left when no
# transaction is open any more was rolled back.
_open = threading.local()


def _track_until_commit(storage, name: str) -> None:
    if not transaction.get_connection().in_atomic_block:
        return  # autocommit: the row that names it is already saved
    pending = getattr(_open, "files", None)
    if pending is None:
        pending = _open.files = {}
    pending[name] = storage
    transaction.on_commit(lambda: pending.pop(name, None))


def discard_rolled_back(**kwargs) -> None:
    """request_finished: remove the files whose transaction rolled back in this request.

    Covers every upload made in a web request, with or without `files_atomic`; the worker
    and management commands are left to `files_sweep`."""
    pending = getattr(_open, "files", None)
    if not pending or transaction.get_connection().in_atomic_block:
        return  # nothing left, or a transaction still open (tests run inside one)
    for name, storage in list(pending.items()):
        storage.delete(name)
    pending.clear()


class files_atomic(ContextDecorator):  # noqa: N801 - used like transaction.atomic
    """`transaction.atomic` that also removes the files written inside it when it rolls
    back (Django has no on_rollback hook). Nested in another `files_atomic`, its files are
    handed to the outer block, whose outcome decides. Files written under a plain outer
    `atomic` that later rolls back are left to `files_sweep`."""

    def _recreate_cm(self):
        return files_atomic()  # a fresh block per call when used as a decorator

    def __enter__(self):
        self._token = _written.set([])
        self._atomic = transaction.atomic()
        self._atomic.__enter__()
        return self

    def __exit__(self, exc_type, exc, traceback):
        written = _written.get()
        _written.reset(self._token)
        try:
            self._atomic.__exit__(exc_type, exc, traceback)
        except BaseException:
            _discard(written)  # the commit itself failed
            raise
        if exc_type is not None:
            _discard(written)
        elif (outer := _written.get()) is not None:
            outer.extend(written)
        return False


def _discard(written: list) -> None:
    for storage, name in written:
        storage.delete(name)


@functools.cache
def _file_attnames(model: type[models.Model]) -> tuple[str, ...]:
    return tuple(f.attname for f in model._meta.concrete_fields if isinstance(f, models.FileField))


def note_new_files(sender, instance, raw=False, **kwargs) -> None:
    """pre_save: remember which file fields hold a file not yet stored."""
    if raw:
        return
    fresh = [
        attname
        for attname in _file_attnames(type(instance))
        if getattr(instance, attname) and not getattr(instance, attname)._committed
    ]
    if fresh:
        instance.__dict__["_files_fresh"] = fresh


def register_new_files(sender, instance, raw=False, **kwargs) -> None:
    """post_save: the files just stored by this save are new (see `file_written`)."""
    for attname in instance.__dict__.pop("_files_fresh", ()):
        file_written(getattr(instance, attname))


# Sweeping files that no row names ---------------------------------------------------------


def files_referenced() -> set[str]:
    names: set[str] = set()
    for model, file_field in _file_fields():
        names.update(
            model._default_manager.exclude(**{file_field.attname: ""})
            .values_list(file_field.attname, flat=True)
            .iterator(chunk_size=2000)
        )
    return names


def files_orphaned(*, older_than: datetime.timedelta) -> list[str]:
    """Files under the media root that no row names and that are older than the margin
    (a younger file may belong to a transaction still open)."""
    cutoff = timezone.now() - older_than
    referenced = files_referenced()
    orphans = []
    pending = [""]
    while pending:
        folder = pending.pop()
        try:
            folders, files = default_storage.listdir(folder)
        except FileNotFoundError:
            continue
        pending.extend(f"{folder}/{name}".lstrip("/") for name in folders)
        for name in files:
            path = f"{folder}/{name}".lstrip("/")
            if path not in referenced and default_storage.get_modified_time(path) < cutoff:
                orphans.append(path)
    return sorted(orphans)


def files_sweep(*, dry_run: bool = False, only_if_due: bool = False) -> list[str] | None:
    """Remove the orphaned files (or only list them); None when `only_if_due` finds the
    day's sweep already done, by this or another worker (the shared cache remembers)."""
    if only_if_due and not cache.add("files-sweep-done", True, timeout=24 * 3600):
        return None
    hours = settings.SATUPINTU_ORPHAN_FILE_HOURS
    orphans = files_orphaned(older_than=datetime.timedelta(hours=hours))
    if not dry_run:
        for name in orphans:
            default_storage.delete(name)
    return orphans
