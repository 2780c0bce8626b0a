"""Permits: rendering and signing per second per core, and the public verification of an
uploaded permit (server time), on the benchmark database.

1. Render + sign: the permit PDF (ReportLab) and its PAdES signature (pyHanko, RSA 2048,
   the key opened with its passphrase each time), in one process, so one core.
2. The whole issuance: `permit_issue` end to end (locks, number, render, sign, file, audit,
   notifications), one process, on PostgreSQL.
3. Verification: POST /verifikasi/<code>/ with the signed PDF through Django's full stack
   in-process (upload parsing, signature validation, hashing, template), and the floor (a
   view returning a constant, bench/urls.py) through the same client.
"""

import json
import multiprocessing
import os
import time

from common import figure, floor_times, percentile, save, scale, setup

setup()

from django.contrib.auth import get_user_model
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connections
from django.test import Client

from catalog import domain as catalog_domain
from catalog.models import Service, ServiceVersion, WorkflowTask
from core import signing
from demo.loader import DEMO_SIGNING_PASSPHRASE, load_demo
from licensing import domain, issuance, permit_pdf
from licensing.models import Application, Permit
from org.models import Agency, Person, Role, SigningCredential, StaffRole

CASES = int(os.environ.get("BENCH_PERMITS", scale("60", "3")))
VERIFICATIONS = scale(50, 3)
WARM_UP = scale(5, 1)


def prepare():
    region = load_demo()  # idempotent: makes the demo CA and the officials' certificates
    dpmptsp = Agency.objects.get(region=region, short_name="DPMPTSP")
    official = (
        (
            StaffRole.objects.filter(agency=dpmptsp, role=Role.SIGNING_OFFICIAL).select_related(
                "user"
            )
        )
        .first()
        .user
    )
    front = (
        (StaffRole.objects.filter(agency=dpmptsp, role=Role.FRONT_OFFICE).select_related("user"))
        .first()
        .user
    )
    service = Service.objects.filter(region=region, code="bench-terbit").first()
    if service is None:
        service = Service.objects.create(
            region=region,
            code="bench-terbit",
            name="Izin Uji Penerbitan",
            category="non_perizinan",
            responsible_agency=dpmptsp,
        )
        version = ServiceVersion.objects.create(
            service=service,
            number=1,
            sla_days=2,
            product="Surat izin uji",
            complaint_channel="-",
            legal_basis="-",
            validity_months=12,
            permit_conditions="Berlaku di lokasi yang dimohon.\nWajib diperpanjang sebelum habis.",
        )
        for stage, name, role in (
            (1, "Kelengkapan", "front_office"),
            (2, "Keputusan", "signing_official"),
        ):
            WorkflowTask.objects.create(
                version=version,
                stage=stage,
                stage_name=name,
                name=name,
                agency=dpmptsp,
                role=role,
                budget_days=1,
            )
        catalog_domain.service_version_publish(version=version, actor=None)
    user, _created = get_user_model().objects.get_or_create(
        username="bench-terbit@example.id", defaults={"email": "bench-terbit@example.id"}
    )
    person = Person.objects.filter(region=region, user=user).first() or Person.objects.create(
        region=region,
        user=user,
        nik="3573010101900099",
        name="Pemohon Uji Terbit",
        address="Malang",
    )
    tasks = []
    for _ in range(CASES):
        application = domain.application_start(owner=user, person=person, service=service)
        application, _pin = domain.application_submit(application=application, actor=user)
        domain.application_accept(task=application.tasks.get(stage=1), actor=front)
        domain.application_decide(task=application.tasks.get(stage=2), actor=official, approve=True)
        tasks.append(application.tasks.get(stage=3).pk)
    return official, tasks


def render_and_sign(count: int, p12: bytes) -> float:
    """Permits per second in this process (one core)."""
    page = permit_pdf.PermitPage(
        kop_lines=["PEMERINTAH KOTA MALANG", "DINAS PENANAMAN MODAL DAN PTSP", "Jl. Tugu No. 1"],
        title="IZIN UJI PENERBITAN",
        number="503/0001/bench/2026",
        holder_lines=[("Nama", "Pemohon Uji"), ("NIK", "3573010101900099"), ("Alamat", "Malang")],
        details=[("Jenis layanan", "Izin Uji Penerbitan"), ("Lokasi", "Jl. Ijen 10")],
        conditions=["Berlaku di lokasi yang dimohon.", "Wajib diperpanjang sebelum habis."],
        validity="28 November 2026 sampai dengan 27 November 2027",
        place_and_date="Malang, 28 November 2026",
        signer_position="Kepala DPMPTSP",
        signer_name="Drs. Kepala Dinas",
        signer_nip="197001012000031001",
        verification_url="https://perizinan.example.go.id/verifikasi/abcdefghijklmnopqrstuvwx/",
    )
    started = time.perf_counter()
    for _ in range(count):
        signing.pdf_sign(
            permit_pdf.render(page),
            p12=p12,
            passphrase=DEMO_SIGNING_PASSPHRASE,
            box=permit_pdf.SIGNATURE_BOX,
            stamp_text="Ditandatangani secara elektronik oleh\nDrs. Kepala Dinas",
            reason="Izin uji",
            location="Malang",
        )
    return count / (time.perf_counter() - started)


def main() -> dict:
    official, task_ids = prepare()
    credential = SigningCredential.objects.get(user=official, active=True)
    p12 = bytes(credential.p12)

    one_core = render_and_sign(CASES, p12)
    connections.close_all()
    with multiprocessing.get_context("fork").Pool(2) as pool:
        started = time.perf_counter()
        pool.starmap(render_and_sign, [(CASES, p12)] * 2)
        two_cores = 2 * CASES / (time.perf_counter() - started)

    from licensing.models import CaseTask

    started = time.perf_counter()
    for pk in task_ids:
        issuance.permit_issue(
            task=CaseTask.objects.get(pk=pk), actor=official, passphrase=DEMO_SIGNING_PASSPHRASE
        )
    whole = len(task_ids) / (time.perf_counter() - started)

    permit = Permit.objects.filter(
        application__service_version__service__code="bench-terbit"
    ).first()
    with permit.pdf.open("rb") as file:
        data = file.read()
    client = Client()
    url = f"/verifikasi/{permit.code}/"
    timings = []
    for i in range(VERIFICATIONS + WARM_UP):
        upload = SimpleUploadedFile("izin.pdf", data, content_type="application/pdf")
        started = time.perf_counter()
        response = client.post(url, {"file": upload}, REMOTE_ADDR=f"10.9.{i // 200}.{i % 200 + 1}")
        elapsed = (time.perf_counter() - started) * 1000
        genuine = "Tanda tangan sah dan berkas ini persis izin yang diterbitkan."
        if response.status_code != 200 or genuine not in response.text:
            raise SystemExit(f"verification failed: {response.status_code}")
        if i >= WARM_UP:
            timings.append(elapsed)
    floor = floor_times(client, VERIFICATIONS)
    result = {
        "render_and_sign_per_second_one_core": round(one_core, 1),
        "render_and_sign_per_second_two_processes": round(two_cores, 1),
        "permit_issue_per_second_one_process": round(whole, 1),
        "verification_p50_ms": round(percentile(timings, 0.5), 1),
        "verification_p95_ms": round(percentile(timings, 0.95), 1),
        "floor_p50_ms": round(percentile(floor, 0.5), 1),
        "floor_p95_ms": round(percentile(floor, 0.95), 1),
        "pdf_bytes": len(data),
        "applications_in_database": Application.objects.count(),
        "targets": {"render_and_sign_per_second_one_core": 10, "verification_p95_ms": 300},
    }
    result["ok"] = one_core >= 10 and result["verification_p95_ms"] < 300
    print(json.dumps(result, indent=2))
    return result


def figures(result: dict) -> list[dict]:
    return [
        figure(
            "render + sign, one core",
            result["render_and_sign_per_second_one_core"],
            "/s",
            target=10,
            higher_is_better=True,
        ),
        figure(
            "render + sign, two processes",
            result["render_and_sign_per_second_two_processes"],
            "/s",
        ),
        figure("whole issuance, one process", result["permit_issue_per_second_one_process"], "/s"),
        figure(
            "verification p95",
            result["verification_p95_ms"],
            "ms",
            target=300,
            floor=result["floor_p95_ms"],
        ),
        figure("floor (constant view) p95", result["floor_p95_ms"], "ms"),
    ]


if __name__ == "__main__":
    out = main()
    save("issuance", out, figures(out))
