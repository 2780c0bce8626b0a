"""Loads the demo region (demo/data.py) idempotently: a second load changes nothing."""

import datetime
import functools
import random
from pathlib import Path

from django.conf import settings
from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from catalog import domain
from catalog.models import (
    DocumentType,
    FeeKind,
    FieldKind,
    FormField,
    Requirement,
    Service,
    ServiceVersion,
    WorkflowTask,
)
from core.signing import signer_certificate_issue
from demo import data
from demo.planning import demo_budget, demo_tags
from feedback import complaints
from feedback.domain import elements_for, survey_submit
from feedback.models import Channel, Complaint, Education, Gender, Occupation, SurveyResponse
from licensing import domain as licensing
from licensing import issuance, retribusi
from licensing.models import Application, TaskStatus
from org.domain import demo_authority, signing_credential_install, staff_role_grant
from org.identity import normalize_nib, normalize_nik
from org.models import Agency, Business, Person, Region, RegionClosure, Role, StaffRole
from planning.models import Budget, ConstraintRule, NomenclatureVersion
from planning.nomenclature import nomenclature_import
from planning.rumpun.presets import PRESETS, preset_build

DEMO_PASSWORD = "demo12345"  # noqa: S105 - the published password of the demo accounts
# The passphrase of every demo signing official's key (a certificate from the demo CA).
DEMO_SIGNING_PASSPHRASE = "ttd-demo-2026"  # noqa: S105 - published with the demo


@functools.cache
def _demo_password_hash() -> str:
    # Every demo account shares one published password: hash it once (Argon2 is slow on purpose).
    return make_password(DEMO_PASSWORD)


@transaction.atomic
def load_demo() -> Region:
    region = _region()
    agencies = _agencies(region)
    document_types = _document_types(region)
    admin_user = None
    for spec in data.STAFF:
        user = _user(spec)
        admin_user = admin_user or (user if spec.get("superuser") else None)
        for short_name, role, position, nip in spec["roles"]:
            staff_role_grant(
                user=user, agency=agencies[short_name], role=role, position=position, nip=nip
            )
    for spec in data.SERVICES:
        _service(region, spec, agencies, document_types, admin_user)
    _signing_keys(region)
    _nomenclature()
    _budget(region)
    _applicants(region)
    _cases(region)
    _surveys(region)
    _complaints(region)
    return region


def _surveys(region: Region) -> None:
    """A year of kiosk answers for a few services (seeded), so the IKM report and the
    service pages show real figures and a trend."""
    if SurveyResponse.objects.filter(region=region).exists():
        return
    chance = random.Random(14_2017)  # noqa: S311 - demo data, not secrets
    codes = [e.code for e in elements_for(region)]
    today = region.today()
    # service code → how its users feel (the chance of a 4, of a 3; the rest 2)
    moods = {
        "izin-reklame": (0.45, 0.45),
        "sip-dokter": (0.25, 0.55),
        "izin-tempat-khusus-parkir": (0.1, 0.5),
    }
    for code, (best, good) in moods.items():
        service = Service.objects.filter(region=region, code=code).first()
        if service is None:
            continue
        for number in range(40):
            scores = {}
            for element in codes:
                roll = chance.random()
                scores[element] = 4 if roll < best else 3 if roll < best + good else 2
            response = survey_submit(
                region=region,
                service=service,
                channel=Channel.KIOSK,
                gender=chance.choice(Gender.values),
                education=chance.choice(Education.values),
                occupation=chance.choice(Occupation.values),
                answers=scores,
                comment="Antrean pagi panjang; petugas ramah." if number % 13 == 0 else "",
            )
            day = today - datetime.timedelta(days=chance.randint(0, 330))
            SurveyResponse.objects.filter(pk=response.pk).update(submitted_on=day)


def _complaints(region: Region) -> None:
    """A few reports in different states: one answered and rated, one with the agency, one
    waiting for verification, one confidential."""
    if Complaint.objects.filter(region=region).exists():
        return
    users = get_user_model().objects
    admin = users.get(username="pengaduan")
    agencies = {a.short_name: a for a in Agency.objects.filter(region=region)}

    def file(title, text, **fields):
        return complaints.complaint_file(
            region=region, classification="complaint", title=title, what_happened=text, **fields
        )[0]

    answered = file(
        "Lampu jalan mati di Jl. Ijen",
        "Tiga lampu jalan di depan SD Ijen mati sejak dua minggu; jalan gelap.",
        name="Rudi Hartono",
        phone="+6281234500011",
    )
    complaints.complaint_route(
        complaint=answered, actor=admin, agency=agencies["Dishub"], tier="normative"
    )
    liaison = users.get(username="penghubung.dishub")
    complaints.complaint_follow_up(
        complaint=answered, actor=liaison, plan="Tim penerangan jalan memeriksa besok pagi."
    )
    complaints.complaint_resolve(
        complaint=answered, actor=liaison, answer="Tiga lampu sudah diganti dan menyala."
    )
    complaints.complaint_rate(complaint=answered, rating=5, comment="Cepat, terima kasih.")

    waiting = file(
        "Antrean Puskesmas Dinoyo terlalu lama",
        "Pagi ini menunggu tiga jam untuk berobat umum; nomor antrean tidak jelas.",
        name="Ani Lestari",
        email="ani@example.id",
    )
    complaints.complaint_route(
        complaint=waiting, actor=admin, agency=agencies["Dinkes"], tier="normative"
    )
    complaints.complaint_file(
        region=region,
        classification="information",
        title="Informasi syarat izin reklame",
        what_happened="Apakah spanduk sementara juga perlu gambar konstruksi?",
        anonymous=True,
    )
    secret = file(
        "Petugas meminta uang tambahan",
        "Di loket 3, petugas meminta Rp50.000 agar berkas cepat diproses.",
        name="Budi Santoso",
        email="budi@example.id",
        confidential=True,
    )
    complaints.complaint_route(
        complaint=secret, actor=admin, agency=agencies["DPMPTSP"], tier="supervised"
    )


DEMO_NOMENCLATURE = "Nomenklatur kab/kota (contoh, dari Permendagri 90/2019)"


def _nomenclature() -> None:
    """The Permendagri 90 codes the demo's planning screens use (shipped with the project)."""
    if NomenclatureVersion.objects.filter(name=DEMO_NOMENCLATURE).exists():
        return
    path = Path(__file__).resolve().parents[1] / "planning/data/nomenklatur-kabkota.csv"
    with path.open("rb") as file:
        nomenclature_import(
            name=DEMO_NOMENCLATURE,
            file=file,
            filename=path.name,
            source="planning/data/nomenklatur-kabkota.csv (AldiAlfatih/BAPPEDA seeders)",
        )


def _budget(region: Region) -> None:
    """Thematic tags and an APBD for next year from the shipped codes, and the three presets
    (PP 18/2016, Bappeda fields, DPRD komisi) to read it by."""
    if Budget.objects.filter(region=region).exists():
        return
    version = NomenclatureVersion.objects.get(name=DEMO_NOMENCLATURE)
    demo_tags(region, version)
    demo_budget(region, version, year=region.today().year + 1)
    for key in PRESETS:
        preset_build(region=region, key=key)
    ConstraintRule.objects.get_or_create(
        region=region,
        name="Belanja pegawai paling banyak 30% dari belanja daerah (UU 1/2022)",
        defaults={"akun_group": "Belanja pegawai", "max_share": 30},
    )


def _signing_keys(region: Region) -> None:
    """A certificate from the demo CA for every signing official who has none."""
    officials = (
        StaffRole.objects.filter(agency__region=region, role=Role.SIGNING_OFFICIAL, active=True)
        .exclude(user__signing_credentials__active=True)
        .select_related("user")
    )
    authority = None
    for staff_role in officials:
        authority = authority or demo_authority(settings.SATUPINTU_PKI_DIR)
        user = staff_role.user
        p12 = signer_certificate_issue(
            authority,
            name=user.get_full_name() or user.get_username(),
            organization=region.name,
            email=user.email,
            passphrase=DEMO_SIGNING_PASSPHRASE,
        )
        signing_credential_install(
            user=user, region=region, p12=p12, passphrase=DEMO_SIGNING_PASSPHRASE
        )


def _region() -> Region:
    spec = data.REGION
    region, _created = Region.objects.update_or_create(code=spec["code"], defaults=spec["fields"])
    for day, reason in spec.get("closures", []):
        RegionClosure.objects.update_or_create(region=region, date=day, defaults={"reason": reason})
    return region


def _agencies(region: Region) -> dict[str, Agency]:
    agencies: dict[str, Agency] = {}
    for spec in data.AGENCIES:
        fields = {key: value for key, value in spec.items() if key not in ("short_name", "parent")}
        fields["parent"] = agencies[spec["parent"]] if spec.get("parent") else None
        agency = Agency.objects.filter(region=region, short_name=spec["short_name"]).first()
        if agency is None:
            agency = Agency(region=region, short_name=spec["short_name"])
        changed = [key for key, value in fields.items() if getattr(agency, key) != value]
        if agency.pk is None or changed:
            for key, value in fields.items():
                setattr(agency, key, value)
            agency.full_clean()
            agency.save()
        agencies[agency.short_name] = agency
    return agencies


def _document_types(region: Region) -> dict[str, DocumentType]:
    types = {}
    for code, name, is_identity in data.DOCUMENT_TYPES:
        types[code], _created = DocumentType.objects.update_or_create(
            region=region, code=code, defaults={"name": name, "is_identity": is_identity}
        )
    return types


def _user(spec: dict):
    user_model = get_user_model()
    user = user_model.objects.filter(username=spec["username"]).first()
    if user is not None:
        return user
    first, _sep, last = spec["name"].partition(" ")
    user = user_model(
        username=spec["username"],
        first_name=first,
        last_name=last,
        email=spec.get("email", f"{spec['username']}@demo.satupintu.invalid"),
        is_staff=spec.get("superuser", False),
        is_superuser=spec.get("superuser", False),
    )
    user.password = _demo_password_hash()
    user.save()
    return user


def _service(region, spec, agencies, document_types, actor) -> None:
    """Create the service with a published first version, unless it exists already."""
    if Service.objects.filter(region=region, code=spec["code"]).exists():
        return
    service = Service(
        region=region,
        code=spec["code"],
        name=spec["name"],
        category=spec["category"],
        responsible_agency=agencies[spec.get("agency", "DPMPTSP")],
    )
    service.full_clean()
    service.save()
    fee = spec["fee"]
    version = ServiceVersion(
        service=service,
        number=1,
        procedure=spec.get("procedure", ""),
        sla_days=spec["sla_days"],
        product=spec["product"],
        validity_months=spec.get("validity_months"),
        complaint_channel=spec.get("complaint_channel", data.COMPLAINT_CHANNEL),
        legal_basis="\n".join(spec["legal_basis"]),
        delegation_decree=spec.get("delegation_decree", data.DELEGATION_DECREE),
        fee_kind=fee["kind"],
        fee_amount=fee.get("amount"),
        fee_formula=fee.get("formula", ""),
        fee_tables=fee.get("tables", {}),
        fee_table_labels=fee.get("labels", {}),
        fee_basis=fee.get("basis", ""),
        **{**data.INTERNAL_STANDARD, **spec.get("internal", {})},
    )
    if fee["kind"] == FeeKind.FREE:
        version.fee_amount = None
    version.save()
    Requirement.objects.bulk_create(
        Requirement(
            version=version,
            order=order,
            document_type=document_types[code],
            mandatory=mandatory,
            notes=notes,
        )
        for order, (code, mandatory, notes) in enumerate(spec["requirements"], start=1)
    )
    FormField.objects.bulk_create(
        FormField(version=version, order=order, **field)
        for order, field in enumerate(spec["fields"], start=1)
    )
    WorkflowTask.objects.bulk_create(
        WorkflowTask(
            version=version,
            stage=number,
            stage_name=stage["stage_name"],
            name=name,
            agency=agencies[short_name],
            role=role,
            budget_days=days,
        )
        for number, stage in enumerate(spec["workflow"], start=1)
        for name, short_name, role, days in stage["tasks"]
    )
    domain.service_version_publish(version=version, actor=actor)


def _applicants(region: Region) -> None:
    user_model = get_user_model()
    for spec in data.APPLICANTS:
        user = user_model.objects.filter(username=spec["username"]).first()
        if user is None:
            first, _sep, last = spec["name"].partition(" ")
            user = user_model(
                username=spec["username"], first_name=first, last_name=last, email=spec["email"]
            )
            user.password = _demo_password_hash()
            user.save()
        person = Person.objects.filter(region=region, nik=normalize_nik(spec["nik"])).first()
        if person is None:
            person = Person(
                region=region,
                user=user,
                nik=spec["nik"],
                name=spec["name"],
                address=spec["address"],
                phone=spec["phone"],
                email=spec["email"],
            )
            person.full_clean()
            person.save()
        business = spec.get("business")
        if (
            business
            and not Business.objects.filter(
                region=region, nib=normalize_nib(business["nib"])
            ).exists()
        ):
            record = Business(region=region, representative=person, **business)
            record.full_clean()
            record.save()


def demo_logins() -> list[tuple[str, str, str]]:
    """(username, who, what they can do) for every demo account, in print order."""
    rows = []
    for spec in data.STAFF:
        roles = ", ".join(
            f"{Role(role).label} {short_name}" for short_name, role, _p, _n in spec["roles"]
        )
        rows.append((spec["username"], spec["name"], roles or "superuser"))
    for spec in data.APPLICANTS:
        rows.append((spec["username"], spec["name"], spec["summary"]))
    return rows


# A few cases in different states, so every demo inbox has work in it.
DEMO_CASES = [
    # (applicant username, service code, how far it goes)
    ("pemohon", "izin-reklame", "submitted"),
    ("pemohon.bidan", "sip-bidan", "in_review"),
    ("pemohon.usaha", "slhs", "returned"),
    ("pemohon", "surat-keterangan-penelitian", "submitted"),
    ("pemohon.usaha", "izin-reklame", "awaiting_payment"),
    ("pemohon.bidan", "sip-dokter", "issued"),
]
_SAMPLE_PDF = b"%PDF-1.7\n% Satu Pintu demo document\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _sample_value(field) -> str:
    match field.kind:
        case FieldKind.NUMBER | FieldKind.AREA:
            return str(max(field.min_value or 1, 1)).replace(".00", "")
        case FieldKind.MONEY:
            return "1000000"
        case FieldKind.DATE:
            return "2026-12-01"
        case FieldKind.CHOICE:
            return field.choice_list()[0][0]
        case FieldKind.COORDINATES:
            return "-7.9666, 112.6326"
    return "Contoh isian demo"


def _cases(region: Region) -> None:
    if Application.objects.filter(region=region).exists():
        return
    users = get_user_model().objects
    for username, code, target in DEMO_CASES:
        owner = users.get(username=username)
        person = Person.objects.get(region=region, user=owner)
        service = Service.objects.get(region=region, code=code)
        application = licensing.application_start(owner=owner, person=person, service=service)
        version = application.service_version
        application.form_data = {field.key: _sample_value(field) for field in version.fields.all()}
        application.save(update_fields=["form_data"])
        for requirement in version.requirements.filter(mandatory=True):
            document = licensing.document_upload(
                owner=owner,
                document_type=requirement.document_type,
                upload=SimpleUploadedFile(f"{requirement.document_type.code}.pdf", _SAMPLE_PDF),
            )
            licensing.application_attach(
                application=application, requirement=requirement, document=document
            )
        application, _pin = licensing.application_submit(application=application, actor=owner)
        if target == "submitted":
            continue
        task = application.tasks.get(stage=1)
        officer = StaffRole.objects.filter(agency=task.agency, role=task.role).first().user
        if target == "in_review":
            licensing.application_accept(task=task, actor=officer)
        elif target == "returned":
            first = version.requirements.filter(mandatory=True).first()
            licensing.application_return(
                task=task,
                actor=officer,
                items=[{"requirement": first, "note": "Dokumen kurang jelas; unggah ulang."}],
            )
        else:
            _advance(application, target)


def _advance(application, target: str) -> None:
    """Act on every open task as its officer would, until the case reaches `target`."""
    while True:
        application.refresh_from_db()
        if application.status == target:
            return
        task = application.tasks.filter(status=TaskStatus.OPEN).order_by("stage", "pk").first()
        if task is None:
            return
        officer = StaffRole.objects.filter(agency=task.agency, role=task.role).first().user
        match task.role:
            case Role.FRONT_OFFICE:
                licensing.application_accept(task=task, actor=officer)
            case Role.TECHNICAL_REVIEWER | Role.INSPECTOR:
                licensing.review_recommend(task=task, actor=officer, approve=True)
            case Role.TREASURER:
                retribusi.bill_issue(task=task, actor=officer)
            case Role.SIGNING_OFFICIAL if application.status == "in_review":
                licensing.application_decide(task=task, actor=officer, approve=True)
            case Role.SIGNING_OFFICIAL:
                issuance.permit_issue(task=task, actor=officer, passphrase=DEMO_SIGNING_PASSPHRASE)
