"""Shared set-up for the benchmarks: a PostgreSQL database of their own, Django configured,
the smoke scale, and the figures each benchmark writes for `bench/run.py`'s summary."""

import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

# `--smoke`: the same code paths at a scale of seconds, on a database of its own, so that a
# change that breaks a benchmark fails CI (`make bench-smoke`); its figures mean nothing.
SMOKE = "--smoke" in sys.argv
BENCH_DB = os.environ.get(
    "BENCH_DATABASE_URL",
    "postgres://postgres@127.0.0.1:5432/satupintu_bench" + ("_smoke" if SMOKE else ""),
)
VAR = Path(
    os.environ.get("SATUPINTU_VAR_DIR") or ROOT / "var" / ("bench-smoke" if SMOKE else "bench")
).resolve()
# The project's settings with one more URL, the floor (bench/urls.py).
SETTINGS = "bench.settings"


def setup() -> None:
    os.environ["DATABASE_URL"] = BENCH_DB
    os.environ["DJANGO_SETTINGS_MODULE"] = SETTINGS
    os.environ["SATUPINTU_VAR_DIR"] = str(VAR)
    os.environ.setdefault("SATUPINTU_ALLOWED_HOSTS", "testserver,127.0.0.1,localhost")
    VAR.mkdir(parents=True, exist_ok=True)
    import django

    django.setup()


def scale(full, smoke):
    """The full-size figure, or the smoke run's."""
    return smoke if SMOKE else full


def percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(fraction * (len(ordered) - 1))))
    return ordered[index]


def timed(call) -> float:
    """Milliseconds one call takes."""
    started = time.perf_counter()
    call()
    return (time.perf_counter() - started) * 1000


FLOOR_URL = "/bench/floor/"


def floor_times(client, samples: int) -> list[float]:
    """Server time of the floor (a view returning a constant) through Django's test client,
    as the in-process benchmarks measure their pages: the cost of the stack itself."""
    for _ in range(max(2, samples // 10)):
        client.get(FLOOR_URL)
    times = []
    for _ in range(samples):
        started = time.perf_counter()
        response = client.get(FLOOR_URL)
        times.append((time.perf_counter() - started) * 1000)
        if response.status_code != 200:
            raise SystemExit(f"floor {response.status_code}")
    return times


def figure(
    name: str,
    value: float,
    unit: str,
    *,
    target: float | None = None,
    higher_is_better: bool = False,
    floor: float | None = None,
) -> dict:
    """One figure for the summary. Its ratio to the floor is how many floors it costs: the
    time over the floor's time, or the floor's rate over the rate, so comparable between
    machines either way."""
    row = {"figure": name, "value": None if value is None else round(value, 2), "unit": unit}
    row["target"] = target
    row["met"] = (
        None
        if target is None or value is None
        else (value >= target if higher_is_better else value < target)
    )
    row["target_text"] = (
        "" if target is None else f"{'>=' if higher_is_better else '<'} {target:g} {unit}"
    )
    row["floor_ratio"] = (
        None
        if not floor or not value
        else round(floor / value if higher_is_better else value / floor, 1)
    )
    return row


def save(name: str, result: dict, figures: list[dict]) -> None:
    """var/bench[-smoke]/<name>.json: the benchmark's full result and its summary figures."""
    result = {**result, "smoke": SMOKE, "figures": figures}
    (VAR / f"{name}.json").write_text(json.dumps(result, indent=2))
