"""Sustained submissions through a production HTTP server (gunicorn, 2 worker processes).

Each submission is what an applicant's browser does: start an application, save the form
with two small uploads (PDF and PNG), submit. Clients are threads with their own signed-in
sessions; every response is checked, and any unexpected status counts as an error.
"""

import json
import os
import re
import subprocess
import sys
import threading
import time

import requests
from common import BENCH_DB, ROOT, percentile, setup

setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password

from catalog import domain as catalog_domain
from catalog.models import (
    DocumentType,
    FormField,
    Requirement,
    Service,
    ServiceVersion,
    WorkflowTask,
)
from org.models import Agency, Person, Region

PORT = 8099
BASE = f"http://127.0.0.1:{PORT}"
CLIENTS = int(os.environ.get("BENCH_CLIENTS", "8"))
SECONDS = int(os.environ.get("BENCH_SECONDS", "30"))
PASSWORD = "bench-rahasia-2026"  # noqa: S105 - the benchmark's own throwaway accounts
PDF = b"%PDF-1.7\n" + b"0" * 900 + b"\n%%EOF\n"
PNG = b"\x89PNG\r\n\x1a\n" + b"\x00" * 900


def prepare() -> None:
    """A service with one field and two required uploads, and one applicant per client."""
    region = Region.objects.get(code="35.73")
    dpmptsp = Agency.objects.get(region=region, short_name="DPMPTSP")
    if not Service.objects.filter(region=region, code="bench-izin").exists():
        service = Service.objects.create(
            region=region,
            code="bench-izin",
            name="Izin Uji Beban",
            category="non_perizinan",
            responsible_agency=dpmptsp,
        )
        version = ServiceVersion.objects.create(
            service=service,
            number=1,
            sla_days=2,
            product="Surat uji",
            complaint_channel="-",
            legal_basis="-",
        )
        FormField.objects.create(version=version, key="catatan", label="Catatan", kind="text")
        for order, code in enumerate(("bench-a", "bench-b"), start=1):
            document_type, _created = DocumentType.objects.get_or_create(
                region=region, code=code, defaults={"name": f"Dokumen {code}"}
            )
            Requirement.objects.create(version=version, order=order, document_type=document_type)
        WorkflowTask.objects.create(
            version=version,
            stage=1,
            stage_name="Kelengkapan",
            name="Periksa",
            agency=dpmptsp,
            role="front_office",
            budget_days=1,
        )
        WorkflowTask.objects.create(
            version=version,
            stage=2,
            stage_name="Keputusan",
            name="Putuskan",
            agency=dpmptsp,
            role="signing_official",
            budget_days=1,
        )
        catalog_domain.service_version_publish(version=version, actor=None)
    password = make_password(PASSWORD)
    for i in range(CLIENTS):
        user, created = get_user_model().objects.get_or_create(
            username=f"bench{i}@example.id",
            defaults={"email": f"bench{i}@example.id", "password": password},
        )
        if created:
            Person.objects.create(
                region=region,
                user=user,
                nik=f"357301010190{i:04d}",
                name=f"Pemohon Uji {i}",
                address="Malang",
            )


def start_server() -> subprocess.Popen:
    env = {
        **os.environ,
        "DATABASE_URL": BENCH_DB,
        "SATUPINTU_VAR_DIR": str(ROOT / "var" / "bench"),
        "SATUPINTU_ALLOWED_HOSTS": "127.0.0.1",
        "SATUPINTU_LOG_LEVEL": "WARNING",
        # The production set-up of docs/operations.md: rate limits and sessions in Redis.
        "SATUPINTU_REDIS_URL": os.environ.get("BENCH_REDIS_URL", "redis://127.0.0.1:6379/3"),
    }
    server = subprocess.Popen(  # noqa: S603 - our own gunicorn, fixed arguments
        [
            str(ROOT / ".venv/bin/gunicorn"),
            "satupintu.wsgi",
            "--workers",
            "2",
            "--bind",
            f"127.0.0.1:{PORT}",
            "--log-level",
            "warning",
            *os.environ.get("BENCH_GUNICORN_ARGS", "").split(),
        ],
        cwd=ROOT,
        env=env,
    )
    for _ in range(100):
        try:
            requests.get(BASE + "/", timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


def signed_in(i: int) -> requests.Session:
    session = requests.Session()
    page = session.get(BASE + "/masuk/")
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page.text)[1]
    response = session.post(
        BASE + "/masuk/",
        data={
            "username": f"bench{i}@example.id",
            "password": PASSWORD,
            "csrfmiddlewaretoken": token,
        },
        allow_redirects=False,
    )
    if response.status_code != 302:
        raise SystemExit(f"sign-in failed for bench{i}: {response.status_code}")
    return session


def submit_one(session: requests.Session, requirement_ids: list[int]) -> str:
    headers = {"X-CSRFToken": session.cookies["csrftoken"], "Referer": BASE + "/"}
    start = session.post(
        BASE + "/layanan/bench-izin/ajukan/", headers=headers, allow_redirects=False
    )
    if start.status_code != 302:
        raise RuntimeError(f"start {start.status_code}")
    edit_url = BASE + start.headers["Location"]
    files = {
        f"doc-{requirement_ids[0]}": ("a.pdf", PDF, "application/pdf"),
        f"doc-{requirement_ids[1]}": ("b.png", PNG, "image/png"),
    }
    saved = session.post(
        edit_url,
        data={"f-catatan": "uji beban", "review": "1"},
        files=files,
        headers=headers,
        allow_redirects=False,
    )
    if saved.status_code != 302 or not saved.headers["Location"].endswith("/tinjau/"):
        raise RuntimeError(f"save {saved.status_code}")
    submit_url = saved.headers["Location"].replace("/tinjau/", "/ajukan/")
    submitted = session.post(BASE + submit_url, headers=headers, allow_redirects=False)
    if submitted.status_code != 302 or not submitted.headers["Location"].endswith("/tanda-terima/"):
        raise RuntimeError(f"submit {submitted.status_code}")
    return submitted.headers["Location"]


def main() -> dict:
    prepare()
    requirement_ids = list(
        Service.objects.get(code="bench-izin").published_version.requirements.values_list(
            "pk", flat=True
        )
    )
    server = start_server()
    try:
        sessions = [signed_in(i) for i in range(CLIENTS)]
        for session in sessions:  # warm up both workers
            submit_one(session, requirement_ids)
        latencies: list[float] = []
        errors: list[str] = []
        done = 0
        lock = threading.Lock()
        stop_at = time.perf_counter() + SECONDS

        def client(session):
            nonlocal done
            while time.perf_counter() < stop_at:
                started = time.perf_counter()
                try:
                    submit_one(session, requirement_ids)
                except Exception as error:  # every failure is counted and reported
                    with lock:
                        errors.append(str(error))
                    continue
                with lock:
                    done += 1
                    latencies.append((time.perf_counter() - started) * 1000)

        began = time.perf_counter()
        threads = [threading.Thread(target=client, args=(s,)) for s in sessions]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join()
        elapsed = time.perf_counter() - began
    finally:
        server.terminate()
        server.wait(10)
    result = {
        "clients": CLIENTS,
        "seconds": round(elapsed, 1),
        "submissions": done,
        "per_second": round(done / elapsed, 1),
        "errors": len(errors),
        "first_errors": errors[:5],
        "p50_ms": round(percentile(latencies, 0.5), 1) if latencies else None,
        "p95_ms": round(percentile(latencies, 0.95), 1) if latencies else None,
        "target_per_second": 50,
    }
    result["ok"] = result["per_second"] >= 50 and not errors
    print(json.dumps(result, indent=2))
    return result


if __name__ == "__main__":
    out = main()
    (ROOT / "var" / "bench" / "throughput.json").write_text(json.dumps(out, indent=2))
    sys.exit(0 if out["ok"] else 1)
