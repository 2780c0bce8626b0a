"""What the planning screens share: who may see them, whole numbers from a URL or a form,
the refusal page, the stage of the request's region, and queued imports."""

import dataclasses
from functools import wraps

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.views.decorators.http import require_POST

from access.rules import planning_may_edit
from access.views import roles_required
from org.models import Role
from planning.jobs import import_job_create
from planning.models import Budget

PLANNING_ROLES = (Role.PLANNER, Role.LEADERSHIP)
MAX_ID = 2**63 - 1  # the largest value of a database id (bigint)


def planning_action(view):
    """A POST that changes planning data: planning roles to reach it (`roles_required`),
    and only those who may edit (`access.rules.planning_may_edit`); leadership gets 404."""

    @wraps(view)
    def editing(request, *args, **kwargs):
        if not planning_may_edit(request.user, request.region):
            raise Http404
        return view(request, *args, **kwargs)

    return require_POST(roles_required(*PLANNING_ROLES)(editing))


def _whole(value: str) -> int | None:
    """A whole number (an id, a count) as written in a URL or a form, or None if it is not
    one. ASCII digits only: str.isdigit() alone also accepts "²", which int() refuses. A
    number past any database id is 0, which no row has."""
    if not (value.isascii() and value.isdigit()):
        return None
    return int(value) if len(value) <= 19 and int(value) <= MAX_ID else 0


def _refused(request, message: str, *, status: int) -> HttpResponse:
    """A parameter the page cannot use: the status it deserves, and why, in words."""
    return render(request, "backoffice/planning_refused.html", {"message": message}, status=status)


def _refusal(request, error) -> list:
    messages.error(request, " ".join(error.messages))
    return getattr(error, "problems", [])


def _budget(request, pk: int) -> Budget:
    """A budget stage of the request's region, or 404."""
    return get_object_or_404(
        Budget.objects.select_related("nomenclature"), pk=pk, region=request.region
    )


def _queued(request, *, kind: str, upload, options: dict):
    """A file too large to import within the request goes to the worker: its page shows
    the progress, then the outcome. None when the file is small enough to import now."""
    if upload.size <= settings.SATUPINTU_IMPORT_INLINE_MAX_BYTES:
        return None
    job = import_job_create(
        region=request.region, kind=kind, upload=upload, options=options, actor=request.user
    )
    return redirect("backoffice:import_job", pk=job.pk)


def _fields(record) -> dict:
    """A dataclass's fields by name, for a template's context."""
    return {field.name: getattr(record, field.name) for field in dataclasses.fields(record)}
