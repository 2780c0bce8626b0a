"""Workflows on services: create, draft a new version, publish."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from catalog.models import (
    FormField,
    Requirement,
    Service,
    ServiceVersion,
    VersionStatus,
    WorkflowTask,
    fee_errors,
    workflow_errors,
)

_CHILDREN = (Requirement, FormField, WorkflowTask)


def version_errors(version: ServiceVersion) -> list[str]:
    """Everything that keeps a version from being published, in the user's language."""
    errors = []
    try:
        version.full_clean()
    except ValidationError as error:
        errors.extend(error.messages)
    for child in (*version.requirements.all(), *version.fields.all(), *version.tasks.all()):
        try:
            child.full_clean(exclude=["version"])
        except ValidationError as error:
            errors.extend(f"{child}: {message}" for message in error.messages)
    errors.extend(workflow_errors(list(version.tasks.all()), version.sla_days))
    errors.extend(
        fee_errors(
            kind=version.fee_kind,
            formula=version.fee_formula,
            tables=version.fee_tables,
            fields=list(version.fields.all()),
        )
    )
    region = version.service.region_id
    if any(task.agency.region_id != region for task in version.tasks.select_related("agency")):
        errors.append(_("A workflow task names an agency of another region."))
    return errors


@transaction.atomic
def service_version_publish(*, version: ServiceVersion, actor) -> ServiceVersion:
    """Publish a draft: it becomes the version new applications are filed under."""
    version = ServiceVersion.objects.select_for_update().get(pk=version.pk)
    if version.status != VersionStatus.DRAFT:
        raise ValidationError(_("Only a draft can be published."))
    errors = version_errors(version)
    if errors:
        raise ValidationError(errors)
    ServiceVersion.objects.filter(service=version.service, status=VersionStatus.PUBLISHED).update(
        status=VersionStatus.RETIRED
    )
    ServiceVersion.objects.filter(pk=version.pk).update(
        status=VersionStatus.PUBLISHED, published_at=timezone.now(), published_by=actor
    )
    version.refresh_from_db()
    return version


@transaction.atomic
def service_version_draft(*, service: Service) -> ServiceVersion:
    """The service's draft, made as a copy of its latest version when there is none."""
    service = Service.objects.select_for_update().get(pk=service.pk)
    existing = service.versions.filter(status=VersionStatus.DRAFT).first()
    if existing:
        return existing
    latest = service.versions.order_by("-number").first()
    if latest is None:
        raise ValidationError(_("This service has no version to copy yet."))
    source_pk = latest.pk
    draft = latest
    draft.pk = None
    draft._state.adding = True
    draft.number = latest.number + 1
    draft.status = VersionStatus.DRAFT
    draft.published_at = None
    draft.published_by = None
    draft.save()
    for model in _CHILDREN:
        copies = []
        for child in model.objects.filter(version_id=source_pk):
            child.pk = None
            child.version = draft
            copies.append(child)
        model.objects.bulk_create(copies)
    return draft
