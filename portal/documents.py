"""Serving uploaded documents: only to their owner and to staff who work on the case."""

from django.http import Http404
from django.views.decorators.clickjacking import xframe_options_sameorigin
from django.views.decorators.csp import csp_override

from access.rules import document_visible
from core.audit import personal_data_viewed

# The file itself goes through core.files (checked against its digest, never cached).
from core.files import private_file
from licensing.models import Document

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
