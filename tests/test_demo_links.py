"""The demo on another port writes links to that port, and its e-mail can be read and its
links copied in the terminal (issue 14, defects 9 and 22)."""

import io
import os
import shutil
import subprocess
from pathlib import Path

import pytest
from django.core.mail import EmailMessage
from django.core.management import call_command

from core.mail import ConsoleBackend

ROOT = Path(__file__).resolve().parents[1]
LINK = "http://127.0.0.1:8123/akun/konfirmasi/MQ/cz9x2b-" + "4f5e2a1e8d7c6b5a" * 5 + "/"


def _base_url(**environment) -> str:
    """The SATUPINTU_BASE_URL `make` gives the commands it runs."""
    env = {k: v for k, v in os.environ.items() if k != "SATUPINTU_BASE_URL"} | environment
    return subprocess.run(  # noqa: S603 - make, fixed arguments
        [
            shutil.which("make") or "make",
            "--no-print-directory",
            "--eval",
            "show-base-url: ; @echo $$SATUPINTU_BASE_URL",
            "show-base-url",
            "PORT=8123",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()


def test_make_demo_on_another_port_writes_links_to_that_port():
    assert _base_url() == "http://127.0.0.1:8123"
    assert _base_url(SATUPINTU_BASE_URL="https://perizinan.example.go.id") == (
        "https://perizinan.example.go.id"
    )


@pytest.mark.django_db
def test_the_sign_in_banner_names_the_address_served(settings):
    settings.SATUPINTU_BASE_URL = "http://127.0.0.1:8123"
    from demo.loader import load_demo

    settings.DEFAULT_REGION_CODE = "35.73"
    load_demo()
    out = io.StringIO()
    call_command("demo_logins", stdout=out)
    assert "Satu Pintu demo: http://127.0.0.1:8123/  (sign in at /masuk/)" in out.getvalue()


def test_the_demo_mail_prints_a_long_link_whole():
    stream = io.StringIO()
    message = EmailMessage(
        "Konfirmasi e-mail",
        f"Klik tautan ini untuk mengonfirmasi e-mail Anda: {LINK} (berlaku 3 hari).",
        "Satu Pintu <noreply@localhost>",
        ["siti@example.id"],
    )
    ConsoleBackend(stream=stream).send_messages([message])
    assert stream.getvalue() == (
        "From: Satu Pintu <noreply@localhost>\n"
        "To: siti@example.id\n"
        "Subject: Konfirmasi e-mail\n\n"
        f"Klik tautan ini untuk mengonfirmasi e-mail Anda: {LINK} (berlaku 3 hari).\n"
        + "-" * 79
        + "\n"
    )
