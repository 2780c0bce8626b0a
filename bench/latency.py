"""Server time of the inbox, the back-office counts and the tracking page on the seeded data.

Requests go through Django's full stack in-process (middleware, views, templates, the
PostgreSQL queries), without a network: this is the server's own time per request. The
floor, a view returning a constant (bench/urls.py), is measured the same way in the same run.
"""

import json
import random
import statistics

from common import VAR, figure, floor_times, percentile, save, scale, setup, timed

setup()

from django.contrib.auth import get_user_model
from django.db import connection
from django.test import Client

from licensing.models import CaseTask
from org.models import Region

SAMPLES = scale(300, 10)


def report(name: str, values: list[float], target: float | None) -> dict:
    row = {
        "name": name,
        "samples": len(values),
        "p50_ms": round(statistics.median(values), 1),
        "p95_ms": round(percentile(values, 0.95), 1),
        "max_ms": round(max(values), 1),
        "target_p95_ms": target,
    }
    row["ok"] = target is None or row["p95_ms"] < target
    verdict = f"(target p95 < {target} ms) {'OK' if row['ok'] else 'MISSED'}" if target else ""
    print(
        f"{name:<28} p50 {row['p50_ms']:>7} ms  p95 {row['p95_ms']:>7} ms  "
        f"max {row['max_ms']:>7} ms  {verdict}"
    )
    return row


def main() -> list[dict]:
    region = Region.objects.get(code="35.73")
    today = region.today()
    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM licensing_application")
        applications = cursor.fetchone()[0]
        cursor.execute("SELECT count(*) FROM licensing_casetask")
        tasks = cursor.fetchone()[0]
    print(f"{applications:,} applications, {tasks:,} tasks")
    results = []

    front_office = get_user_model().objects.get(username="fo.dpmptsp")
    staff = Client()
    staff.force_login(front_office)
    open_tasks = CaseTask.objects.inbox(front_office, region)
    print(f"fo.dpmptsp has {open_tasks.count():,} open tasks")

    for _ in range(scale(20, 2)):
        staff.get("/kantor/")
    inbox = []
    for i in range(SAMPLES):
        url = "/kantor/" if i % 3 else "/kantor/?sla=overdue"
        inbox.append(timed(lambda url=url: staff.get(url)))
    results.append(report("inbox /kantor/", inbox, 100))

    def counts():
        tasks = CaseTask.objects.inbox(front_office, region)
        return (tasks.count(), tasks.at_risk(today).count(), tasks.overdue(today).count())

    counting = [timed(counts) for _ in range(SAMPLES)]
    results.append(report("back-office counts", counting, 200))

    pins = json.loads((VAR / "pins.json").read_text())
    numbers = list(pins)
    rng = random.Random(1)
    public = Client()
    tracking = []
    for _ in range(SAMPLES):
        number = rng.choice(numbers)
        tracking.append(
            timed(
                lambda number=number: public.post(
                    "/lacak/", {"number": number, "pin": pins[number]}
                )
            )
        )
    results.append(report("tracking /lacak/", tracking, 100))
    floor = report("floor /bench/floor/", floor_times(Client(), SAMPLES), None)
    return [*results, floor]


def figures(results: list[dict]) -> list[dict]:
    *pages, floor = results
    return [
        figure(
            f"{row['name']} p95",
            row["p95_ms"],
            "ms",
            target=row["target_p95_ms"],
            floor=floor["p95_ms"],
        )
        for row in pages
    ] + [figure("floor (constant view) p95", floor["p95_ms"], "ms")]


if __name__ == "__main__":
    out = main()
    save("latency", {"results": out}, figures(out))
