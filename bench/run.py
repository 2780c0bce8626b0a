"""Run every benchmark whatever the others did, then print a summary of their figures:
`make bench`, or `make bench-smoke` (`--smoke`: the same code at a scale of seconds, to catch
a benchmark broken by a change; its figures mean nothing).

The database is migrated first. Each benchmark then runs as its script would, in a process
of its own forked from this one, which has set Django up once (a fresh interpreter costs
seconds a smoke run cannot spare); `gc.freeze()` keeps this process's objects out of the
children's garbage collections. Exits non-zero if a benchmark failed to run or wrote no
figures; a missed target is reported in the summary, not as a failure.
"""

import gc
import json
import os
import resource
import runpy
import sys
import time
import traceback
from pathlib import Path

from common import BENCH_DB, SMOKE, VAR, setup

setup()

from django.core.management import call_command
from django.db import connections

HERE = Path(__file__).resolve().parent
BENCHMARKS = ["seed", "latency", "throughput", "issuance", "planning"]


def cpu_of_children() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


def script(name: str) -> int:
    """In the forked child: run bench/<name>.py as `python <name>.py [--smoke]` would."""
    sys.argv = [str(HERE / f"{name}.py"), *(["--smoke"] if SMOKE else [])]
    try:
        runpy.run_path(sys.argv[0], run_name="__main__")
        code = 0
    except SystemExit as stop:
        if isinstance(stop.code, str):
            print(stop.code, file=sys.stderr)
        code = stop.code if isinstance(stop.code, int) else int(stop.code is not None)
    except BaseException:
        traceback.print_exc()
        code = 1
    sys.stdout.flush()
    sys.stderr.flush()
    return code


def run(name: str) -> dict:
    """Run one benchmark: what became of it, its time and CPU, and the figures it wrote."""
    results = VAR / f"{name}.json"
    results.unlink(missing_ok=True)
    print(f"== {name}", flush=True)
    started, cpu_started = time.monotonic(), cpu_of_children()
    pid = os.fork()
    if pid == 0:
        os._exit(script(name))
    _pid, status = os.waitpid(pid, 0)
    returncode = os.waitstatus_to_exitcode(status)
    outcome = {
        "outcome": "ran",
        "seconds": round(time.monotonic() - started, 1),
        # The benchmark's processes, gunicorn included; PostgreSQL's work is not in it.
        "cpu_seconds": round(cpu_of_children() - cpu_started, 1),
        "figures": [],
    }
    if returncode:
        outcome["outcome"] = f"failed (exit {returncode})"
    elif not results.exists():
        outcome["outcome"] = "failed (no results)"
    else:
        written = json.loads(results.read_text())
        outcome["figures"] = written.get("figures") or []
        if name == "seed" and written.get("already_seeded"):
            outcome["outcome"] = "ran (already seeded)"
        elif not outcome["figures"] or any(
            not isinstance(row["value"], int | float) for row in outcome["figures"]
        ):
            outcome["outcome"] = "failed (missing figures)"
    print(f"== {name}: {outcome['outcome']} in {outcome['seconds']} s", flush=True)
    return outcome


def summary(outcomes: dict[str, dict]) -> list[list[str]]:
    rows = [["benchmark", "figure", "measured", "target", "", "floors"]]
    for name, outcome in outcomes.items():
        rows.append(
            [
                name,
                f"({outcome['outcome']}: {outcome['seconds']:g} s, "
                f"CPU {outcome['cpu_seconds']:g} s)",
                "",
                "",
                "",
                "",
            ]
        )
        for row in outcome["figures"]:
            met = {None: "", True: "met", False: "MISSED"}[row["met"]]
            if SMOKE and row["met"] is not None:
                met = "(smoke)"
            value = "" if row["value"] is None else f"{row['value']:g} {row['unit']}"
            floors = "" if row["floor_ratio"] is None else f"{row['floor_ratio']:g}x"
            rows.append([name, row["figure"], value, row["target_text"], met, floors])
    return rows


def main() -> int:
    started = time.monotonic()
    call_command("migrate", interactive=False, verbosity=0)
    call_command("createcachetable")
    connections.close_all()  # the children open their own
    print(f"== migrated in {time.monotonic() - started:.1f} s", flush=True)
    gc.freeze()
    outcomes = {name: run(name) for name in BENCHMARKS}
    rows = summary(outcomes)
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    print()
    print(f"Summary ({'smoke run, figures not judged' if SMOKE else 'full run'}; {BENCH_DB}):")
    for row in rows:
        print("  ".join(cell.ljust(width) for cell, width in zip(row, widths, strict=True)))
    print(
        "floors: what a figure costs in floors, the constant view on the same server in the "
        f"same run (time over the floor's time, or the floor's rate over the rate). "
        f"All in {time.monotonic() - started:.0f} s."
    )
    failed = [name for name, outcome in outcomes.items() if outcome["outcome"].startswith("fail")]
    if failed:
        print(f"failed to run: {', '.join(failed)}")
    (VAR / "summary.json").write_text(json.dumps(outcomes, indent=2))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
