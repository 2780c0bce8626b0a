"""Serving uploaded documents: only to their owner and to staff who work on the case."""

from django.http import Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from core.audit import personal_data_viewed

# The file itself goes through core.files (checked against its digest, never cached).
from core.files import private_file
from licensing.models import Application, Document, Inspection


def case_visible(application: Application, user, region) -> bool:
    """The applicant's own case, or one the user works on (ApplicationQuerySet.visible_to)."""
    return Application.objects.visible_to(user, region).filter(pk=application.pk).exists()


def document_visible(document: Document, user, region) -> bool:
    """The owner's document, or one attached to (or photographed in) a case the user works on."""
    if user.is_authenticated and document.owner_id == user.pk:
        return True
    cases = Application.objects.visible_to_staff(user, region)
    return (
        cases.filter(documents__document=document).exists()
        or Inspection.objects.filter(photos=document, task__application__in=cases).exists()
    )


FILE_CSP = {"default-src": ["'none'"], "img-src": ["'self'"], "frame-ancestors": ["'self'"]}


@csp_override(FILE_CSP)
def _inline_file(response):
    """The file's own policy, for the file only: a refusal page keeps the site's, or its
    stylesheet would be blocked."""
    return response


@xframe_options_sameorigin
def document_view(request, pk: int):
    """The file itself, shown inline (the case page previews it in a frame)."""
    document = Document.objects.filter(pk=pk).first()
    if document is None or not document_visible(document, request.user, request.region):
        raise Http404
    if document.owner_id != request.user.pk:  # staff: the owner reads their own
        personal_data_viewed(request, object_type="licensing.document", object_id=document.pk)
    response = private_file(
        document.file,
        request=request,
        sha256=document.sha256,
        object_type="licensing.document",
        object_id=document.pk,
        content_type=document.content_type,
        as_attachment=request.GET.get("unduh") == "1",
        filename=document.file.name.rsplit("/", 1)[-1],
    )
    return _inline_file(response) if response.status_code == 200 else response
