"""Shared set-up for the benchmarks: a PostgreSQL database of their own, Django configured."""

import os
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

BENCH_DB = os.environ.get(
    "BENCH_DATABASE_URL", "postgres://postgres@127.0.0.1:5432/satupintu_bench"
)


def setup() -> None:
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "satupintu.settings")
    os.environ.setdefault("SATUPINTU_VAR_DIR", str(ROOT / "var" / "bench"))
    os.environ.setdefault("SATUPINTU_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    import django

    django.setup()


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]
