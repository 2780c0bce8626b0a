"""`manage.py check --deploy` is clean when the production variables are set."""

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _check(env_overrides: dict[str, str]) -> subprocess.CompletedProcess:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("SATUPINTU_") and key != "DJANGO_ALLOW_ASYNC_UNSAFE"
    }
    env.update(env_overrides)
    return subprocess.run(
        [sys.executable, "manage.py", "check", "--deploy", "--fail-level", "WARNING"],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        check=False,
    )


def test_deploy_check_is_clean_with_production_settings(tmp_path):
    result = _check(
        {
            "SATUPINTU_ENV": "production",
            "SATUPINTU_SECRET_KEY": "k" * 20 + "Zq8#pW2!mN5@xR7$tY1%uI4^oP6&aS9*dF3(gH0)",
            "SATUPINTU_ALLOWED_HOSTS": "perizinan.example.go.id",
            "SATUPINTU_SMTP_HOST": "smtp.example.go.id",
            "SATUPINTU_AUDIT_KEY": "a" * 20 + "Hq3#kW9!nM2@xT5$yU8%iO1^pL4&sD7*fG6(jK0)",
            "SATUPINTU_VAR_DIR": str(tmp_path),
        }
    )
    assert (result.returncode, result.stderr.strip()) == (0, ""), result.stderr
    assert "System check identified no issues" in result.stdout


def test_production_refuses_to_start_without_a_secret_key(tmp_path):
    result = _check({"SATUPINTU_ENV": "production", "SATUPINTU_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "SATUPINTU_SECRET_KEY must be set in production" in result.stderr


def test_production_refuses_to_start_without_an_audit_key(tmp_path):
    result = _check(
        {
            "SATUPINTU_ENV": "production",
            "SATUPINTU_SECRET_KEY": "k" * 20 + "Zq8#pW2!mN5@xR7$tY1%uI4^oP6&aS9*dF3(gH0)",
            "SATUPINTU_VAR_DIR": str(tmp_path),
        }
    )
    assert result.returncode == 1
    assert "SATUPINTU_AUDIT_KEY must be set in production" in result.stderr


def test_a_bad_boolean_stops_the_start_with_its_name(tmp_path):
    result = _check({"SATUPINTU_DEBUG": "maybe", "SATUPINTU_VAR_DIR": str(tmp_path)})
    assert result.returncode == 1
    assert "SATUPINTU_DEBUG must be True or False, not 'maybe'" in result.stderr
