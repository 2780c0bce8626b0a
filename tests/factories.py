"""Plain factory functions: each makes one valid record, with defaults a reader can predict."""

from django.contrib.auth import get_user_model

from catalog import domain
from catalog.models import (
    DocumentType,
    FormField,
    Requirement,
    Service,
    ServiceVersion,
    WorkflowTask,
)
from org.domain import staff_role_grant
from org.models import Agency, Region

PASSWORD = "rahasia-uji-123"


def make_region(*, code="35.73", name="Kota Uji", **fields) -> Region:
    return Region.objects.create(code=code, name=name, kind=fields.pop("kind", "kota"), **fields)


def make_agency(region, *, short_name, unit_code, name=None, kind="dinas", parent=None) -> Agency:
    return Agency.objects.create(
        region=region,
        short_name=short_name,
        name=name or f"Dinas {short_name}",
        kind=kind,
        unit_code=unit_code,
        parent=parent,
    )


def make_user(username, **fields):
    fields.setdefault("email", f"{username}@example.id")
    return get_user_model().objects.create_user(username=username, password=PASSWORD, **fields)


def make_staff(username, agency, role, **fields):
    user = make_user(username)
    staff_role_grant(user=user, agency=agency, role=role, **fields)
    return user


def make_document_type(region, code="ktp", name="KTP-el", *, is_identity=True) -> DocumentType:
    return DocumentType.objects.get_or_create(
        region=region, code=code, defaults={"name": name, "is_identity": is_identity}
    )[0]


def make_draft(
    region,
    *,
    code,
    name,
    agency,
    category="perizinan_non_berusaha",
    sla_days=5,
    tasks=None,
    fields=(),
    fee=None,
    requirements=None,
) -> ServiceVersion:
    """A service with a draft first version. `tasks`: (stage, stage name, agency, role, days)."""
    service = Service.objects.create(
        region=region, code=code, name=name, category=category, responsible_agency=agency
    )
    fee = fee or {"fee_kind": "free"}
    version = ServiceVersion.objects.create(
        service=service,
        number=1,
        sla_days=sla_days,
        product=f"Surat {name}",
        complaint_channel="SP4N-LAPOR! dan loket pengaduan",
        legal_basis="Undang-Undang Nomor 25 Tahun 2009 tentang Pelayanan Publik",
        **fee,
    )
    for stage, stage_name, task_agency, role, days in tasks or [
        (1, "Pemeriksaan kelengkapan", agency, "front_office", 1),
        (2, "Keputusan", agency, "signing_official", sla_days - 1),
    ]:
        WorkflowTask.objects.create(
            version=version,
            stage=stage,
            stage_name=stage_name,
            name=f"{stage_name} oleh {task_agency.short_name}",
            agency=task_agency,
            role=role,
            budget_days=days,
        )
    for order, field in enumerate(fields, start=1):
        FormField.objects.create(version=version, order=order, **field)
    for order, document_type in enumerate(requirements or [make_document_type(region)], start=1):
        Requirement.objects.create(version=version, order=order, document_type=document_type)
    return version


def make_service(region, *, code, name, agency, actor=None, **kwargs) -> Service:
    """A service with a published first version."""
    version = make_draft(region, code=code, name=name, agency=agency, **kwargs)
    domain.service_version_publish(version=version, actor=actor)
    return version.service
