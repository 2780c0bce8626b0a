"""Sustained submissions through a production HTTP server (gunicorn, 2 worker processes).

Each submission is what an applicant's browser does: start an application, save the form
with two small uploads (PDF and PNG), submit. Each client is a process of its own (as
browsers are) with its own signed-in session; every response is checked, and any unexpected
status counts as an error. Submissions finished within the measured seconds are counted.
Then the same clients, on the same server, request the floor (a view returning a constant,
bench/urls.py) for FLOOR_SECONDS: a figure to compare machines by.
"""

import http.client
import json
import multiprocessing
import os
import re
import subprocess
import time
import urllib.parse

import requests
from common import (
    BENCH_DB,
    FLOOR_URL,
    ROOT,
    SETTINGS,
    SMOKE,
    VAR,
    figure,
    percentile,
    save,
    scale,
    setup,
)

setup()

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import connections

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
CLIENTS = int(os.environ.get("BENCH_CLIENTS", scale("8", "2")))
SECONDS = int(os.environ.get("BENCH_SECONDS", scale("30", "2")))
FLOOR_SECONDS = scale(10, 1)
# Every client signs in and warms up, then waits here for the others (the client processes
# are forked after it is made); the measured seconds start when all are ready.
READY = multiprocessing.get_context("fork").Barrier(CLIENTS)
PASSWORD = "bench-rahasia-2026"  # noqa: S105 - the benchmark's own throwaway accounts
PDF = b"%PDF-1.7\n" + b"0" * 900 + b"\n%%EOF\n"


def _png() -> bytes:
    """A real PNG of about 1 KB: uploads are opened to be checked (a bare signature is not)."""
    import io
    import random

    from PIL import Image

    noise = random.Random(1).randbytes(16 * 16 * 3)  # a fixed picture
    buffer = io.BytesIO()
    Image.frombytes("RGB", (16, 16), noise).save(buffer, "PNG")
    return buffer.getvalue()


PNG = _png()


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
        "DJANGO_SETTINGS_MODULE": SETTINGS,
        "SATUPINTU_VAR_DIR": str(VAR),
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
            requests.get(BASE + FLOOR_URL, timeout=10)
            return server
        except requests.RequestException:
            time.sleep(0.1)
    server.kill()
    raise SystemExit("gunicorn did not start")


class Browser:
    """A minimal HTTP/1.1 client from the standard library (cookies, CSRF header, multipart),
    so that the load generator, which shares the machine, takes as little CPU as it can."""

    def __init__(self) -> None:
        self.cookies: dict[str, str] = {}

    def request(self, method: str, path: str, body: bytes = b"", content_type: str = ""):
        headers = {"Referer": BASE + "/", "Connection": "close"}
        if self.cookies:
            headers["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if "csrftoken" in self.cookies:
            headers["X-CSRFToken"] = self.cookies["csrftoken"]
        if content_type:
            headers["Content-Type"] = content_type
        connection = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers)
            response = connection.getresponse()
            data = response.read()
        finally:
            connection.close()
        for cookie in response.headers.get_all("Set-Cookie") or []:
            name, _sep, rest = cookie.partition("=")
            value = rest.split(";", 1)[0]
            if value and "max-age=0" not in cookie.lower():
                self.cookies[name.strip()] = value
            else:
                self.cookies.pop(name.strip(), None)
        return response.status, response.headers.get("Location", ""), data


def multipart(fields: dict[str, str], files: dict[str, tuple[str, bytes, str]]):
    boundary = "----satupintu-bench-" + os.urandom(8).hex()
    parts = []
    for name, value in fields.items():
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'.encode()
            + value.encode()
            + b"\r\n"
        )
    for name, (filename, content, content_type) in files.items():
        parts.append(
            f"--{boundary}\r\nContent-Disposition: form-data; "
            f'name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: {content_type}\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def signed_in(i: int) -> Browser:
    browser = Browser()
    _status, _location, page = browser.request("GET", "/masuk/")
    token = re.search(rb'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1].decode()
    status, _location, _body = browser.request(
        "POST",
        "/masuk/",
        urllib.parse.urlencode(
            {"username": f"bench{i}@example.id", "password": PASSWORD, "csrfmiddlewaretoken": token}
        ).encode(),
        "application/x-www-form-urlencoded",
    )
    if status != 302:
        # Not SystemExit: a pool's worker that exits leaves the pool waiting for its answer.
        raise RuntimeError(f"sign-in failed for bench{i}: {status}")
    return browser


def submit_one(browser: Browser, requirement_ids: list[int]) -> str:
    status, edit_url, _body = browser.request("POST", "/layanan/bench-izin/ajukan/")
    if status != 302:
        raise RuntimeError(f"start {status}")
    body, content_type = multipart(
        {"f-catatan": "uji beban", "review": "1"},
        {
            f"doc-{requirement_ids[0]}": ("a.pdf", PDF, "application/pdf"),
            f"doc-{requirement_ids[1]}": ("b.png", PNG, "image/png"),
        },
    )
    status, review_url, _body = browser.request("POST", edit_url, body, content_type)
    if status != 302 or not review_url.endswith("/tinjau/"):
        raise RuntimeError(f"save {status}")
    status, receipt_url, _body = browser.request("POST", review_url.replace("/tinjau/", "/ajukan/"))
    if status != 302 or not receipt_url.endswith("/tanda-terima/"):
        raise RuntimeError(f"submit {status}")
    return receipt_url


def client(i: int, requirement_ids: list[int], not_before: float) -> tuple[list, list]:
    """One applicant in a process of its own, submitting for SECONDS once all are ready."""
    try:
        session = signed_in(i)
        submit_one(session, requirement_ids)  # warm-up, not counted
    except Exception:
        READY.abort()  # the others stop waiting
        raise
    READY.wait(timeout=120)
    time.sleep(max(0.0, not_before - time.monotonic()))  # the workers' start-up work done
    start_at = time.monotonic()
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = start_at + SECONDS
    # A smoke run goes on until it has one submission, however slow the machine.
    while (started := time.monotonic()) < stop_at or (SMOKE and not latencies and not errors):
        try:
            submit_one(session, requirement_ids)
        except Exception as error:  # every failure is counted and reported
            errors.append(str(error))
            continue
        if (finished := time.monotonic()) <= stop_at or SMOKE:  # what finished in the window
            latencies.append((finished - started) * 1000)
    return latencies, errors


def floor_client(start_at: float) -> tuple[list[float], list[str]]:
    """One process requesting the floor from start_at for FLOOR_SECONDS, as client() does."""
    browser = Browser()
    time.sleep(max(0.0, start_at - time.monotonic()))
    latencies: list[float] = []
    errors: list[str] = []
    stop_at = start_at + FLOOR_SECONDS
    while (started := time.monotonic()) < stop_at or (SMOKE and not latencies and not errors):
        status, _location, body = browser.request("GET", FLOOR_URL)
        if status != 200 or body != b"ok":
            errors.append(f"floor {status}")
        elif (finished := time.monotonic()) <= stop_at or SMOKE:
            latencies.append((finished - started) * 1000)
    return latencies, errors


def main() -> dict:
    prepare()
    requirement_ids = list(
        Service.objects.get(code="bench-izin").published_version.requirements.values_list(
            "pk", flat=True
        )
    )
    connections.close_all()  # the client processes are forked from this one
    server = start_server()
    not_before = time.monotonic() + scale(15, 0)
    try:
        with multiprocessing.get_context("fork").Pool(CLIENTS) as pool:
            outcomes = pool.starmap_async(
                client, [(i, requirement_ids, not_before) for i in range(CLIENTS)]
            ).get(timeout=180 + SECONDS)
            start_at = time.monotonic() + 1
            floors = pool.map_async(floor_client, [start_at] * CLIENTS).get(timeout=60)
        elapsed = SECONDS
    finally:
        server.terminate()
        server.wait(10)
    done = sum(len(latencies) for latencies, _errors in outcomes)
    latencies = [ms for client_latencies, _errors in outcomes for ms in client_latencies]
    errors = [error for _latencies, client_errors in outcomes for error in client_errors]
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
    floor_latencies = [ms for client_latencies, _errors in floors for ms in client_latencies]
    floor_errors = [error for _latencies, client_errors in floors for error in client_errors]
    result["floor"] = {
        "seconds": FLOOR_SECONDS,
        "requests": len(floor_latencies),
        "per_second": round(len(floor_latencies) / FLOOR_SECONDS, 1),
        "errors": len(floor_errors),
        "p50_ms": round(percentile(floor_latencies, 0.5), 1) if floor_latencies else None,
        "p95_ms": round(percentile(floor_latencies, 0.95), 1) if floor_latencies else None,
    }
    result["ok"] = result["per_second"] >= 50 and not errors
    result["floor"]["first_errors"] = floor_errors[:5]
    print(json.dumps(result, indent=2))
    return result


def figures(result: dict) -> list[dict]:
    floor = result["floor"]
    return [
        figure(
            f"submissions, {CLIENTS} clients, 2 workers",
            result["per_second"],
            "/s",
            target=50,
            higher_is_better=True,
            floor=floor["per_second"],
        ),
        figure("submission p95 (3 requests)", result["p95_ms"], "ms", floor=floor["p95_ms"]),
        figure("floor (constant view), same server", floor["per_second"], "req/s"),
    ]


if __name__ == "__main__":
    out = main()
    save("throughput", out, figures(out))
    if out["errors"] or out["floor"]["errors"]:  # a broken path, not a slow one
        raise SystemExit("errors: " + "; ".join(out["first_errors"] + out["floor"]["first_errors"]))
