"""The Indonesian catalog is complete: no untranslated or fuzzy entry, none missing."""

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from babel.messages.pofile import read_po

ROOT = Path(__file__).resolve().parent.parent
PO = ROOT / "locale" / "id" / "LC_MESSAGES" / "django.po"


def _catalog(path: Path):
    with path.open("rb") as handle:
        return read_po(handle)


def test_indonesian_catalog_has_no_untranslated_or_fuzzy_entry():
    catalog = _catalog(PO)
    untranslated = [
        message.id
        for message in catalog
        if message.id
        and (not message.string or (isinstance(message.string, tuple) and not all(message.string)))
    ]
    fuzzy = [message.id for message in catalog if message.id and message.fuzzy]
    assert (untranslated, fuzzy) == ([], [])


def test_indonesian_catalog_holds_every_string_in_the_source(tmp_path):
    """Runs makemessages into a copy and compares: a new string without translation fails."""
    if shutil.which("xgettext") is None:
        if os.environ.get("REQUIRE_GETTEXT") == "1":
            pytest.fail("GNU gettext (xgettext) is required but not installed")
        pytest.skip("GNU gettext is not installed")
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(
            ".venv", ".tools", "var", ".git", "tests", "*.mo", "node_modules"
        ),
    )
    subprocess.run(
        [
            sys.executable,
            "manage.py",
            "makemessages",
            "--locale",
            "id",
            "--no-obsolete",
            "--no-location",
        ],
        cwd=copy,
        check=True,
        capture_output=True,
        env={**os.environ, "SATUPINTU_VAR_DIR": str(tmp_path / "var")},
    )
    source_ids = {m.id for m in _catalog(copy / "locale/id/LC_MESSAGES/django.po") if m.id}
    catalog_ids = {m.id for m in _catalog(PO) if m.id}
    assert sorted(source_ids - catalog_ids, key=str) == []
