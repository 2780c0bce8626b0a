"""Signing with a key that never leaves a PKCS#11 token, on SoftHSM (a software token that
speaks the real PKCS#11 interface, Debian's `softhsm2`)."""

import os
import shutil
import subprocess
from pathlib import Path

import pytest
from cryptography.hazmat.primitives import serialization
from cryptography.hazmat.primitives.serialization import pkcs12

from core import signing
from licensing import domain, issuance
from licensing.models import Permit, Status
from org.domain import signing_credential_install_token
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.test_permits import approved  # noqa: F401 - a fixture

SOFTHSM = Path("/usr/lib/softhsm/libsofthsm2.so")
PIN = "246810"

pytestmark = pytest.mark.skipif(
    os.environ.get("REQUIRE_PDF_TOOLS") != "1" and not SOFTHSM.exists(),
    reason="needs Debian's softhsm2 (CI installs it)",
)


@pytest.fixture(scope="module")
def token(tmp_path_factory, authority):
    """One token for the module: SoftHSM reads its configuration once per process."""
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    config = folder / "softhsm2.conf"
    config.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n")
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("SOFTHSM2_CONF", str(config))
        tool = shutil.which("softhsm2-util")
        subprocess.run(  # noqa: S603 - a fixed program and our own arguments
            [
                tool,
                *("--init-token", "--free", "--label", "ttd-kepala"),
                "--so-pin",
                "135790",
                "--pin",
                PIN,
            ],
            check=True,
            capture_output=True,
        )
        p12 = signing.signer_certificate_issue(
            authority, name="Drs. Hadi Santoso", organization="Kota Uji", passphrase="x"
        )
        key, certificate, _chain = pkcs12.load_key_and_certificates(p12, b"x")
        key_file = folder / "kepala.pem"
        key_file.write_bytes(
            key.private_bytes(
                serialization.Encoding.PEM,
                serialization.PrivateFormat.PKCS8,
                serialization.NoEncryption(),
            )
        )
        subprocess.run(  # noqa: S603 - a fixed program and our own arguments
            [
                tool,
                "--import",
                str(key_file),
                "--token",
                "ttd-kepala",
                "--label",
                "kepala",
                "--id",
                "01",
                "--pin",
                PIN,
            ],
            check=True,
            capture_output=True,
        )
        key_file.unlink()  # from now on the key exists only on the token
        yield certificate.public_bytes(serialization.Encoding.PEM).decode()


@pytest.fixture
def token_key(token, signing_official, region, settings, authority):
    settings.SATUPINTU_PKCS11_LIBRARY = str(SOFTHSM)
    Path(settings.SATUPINTU_TRUST_ROOTS[0]).parent.mkdir(parents=True, exist_ok=True)
    Path(settings.SATUPINTU_TRUST_ROOTS[0]).write_bytes(authority.pem)
    signing_official.first_name, signing_official.last_name = "Drs. Hadi", "Santoso"
    signing_official.save()
    return signing_credential_install_token(
        user=signing_official,
        region=region,
        token_label="ttd-kepala",
        key_label="kepala",
        certificate_pem=token,
    )


def test_the_token_signs_the_permit_with_its_pin(approved, signing_official, token_key):  # noqa: F811
    permit = issuance.permit_issue(
        task=approved.tasks.get(stage=4), actor=signing_official, passphrase=PIN
    )
    approved.refresh_from_db()
    assert approved.status == Status.ISSUED
    with permit.pdf.open("rb") as file:
        check = signing.pdf_check(file.read(), trust_roots=issuance.trust_roots())
    assert (check.ok, check.signer) == (True, "Drs. Hadi Santoso")


def test_a_wrong_pin_issues_nothing(approved, signing_official, token_key):  # noqa: F811
    with pytest.raises(domain.ActionRefusedError) as refused:
        issuance.permit_issue(
            task=approved.tasks.get(stage=4), actor=signing_official, passphrase="000000"
        )
    assert refused.value.messages == ["Frasa sandi penandatanganan salah."]
    assert Permit.objects.count() == 0
