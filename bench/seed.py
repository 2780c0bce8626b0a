"""Fill the benchmark database with N applications (default 1,000,000) and their tasks.

Rows are generated in PostgreSQL itself (INSERT … SELECT generate_series), spread over the
demo region's services: 90% decided, 5% in review, 3% submitted, 2% returned. A thousand
applications get a known PIN (written to var/bench/pins.json) for the tracking benchmark.
`--smoke`: 2,000 applications, 20 PINs.
"""

import json
import random
import sys
import time

from common import SMOKE, VAR, figure, save, scale, setup

setup()

from django.db import connection, transaction

from catalog.models import VersionStatus, WorkflowTask
from demo.loader import load_demo
from licensing.domain import pin_digest
from licensing.models import Application
from org.models import Person


def main(total: int) -> None:
    started = time.perf_counter()
    region = load_demo()
    if Application.objects.filter(registration_number__startswith="BENCH/").exists():
        print("already seeded")
        save("seed", {"already_seeded": True}, [])
        return
    person = Person.objects.filter(region=region).select_related("user").first()
    versions = list(
        region.services.filter(versions__status=VersionStatus.PUBLISHED).values_list(
            "versions__pk", flat=True
        )
    )
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("CREATE TEMP TABLE bench_versions (n int, version_id bigint)")
        cursor.executemany("INSERT INTO bench_versions VALUES (%s, %s)", list(enumerate(versions)))
        cursor.execute(
            """
            INSERT INTO licensing_application (
                region_id, service_version_id, owner_id, person_id, status, purpose, form_data,
                registration_number, pin_digest, submission_key, created_at, submitted_at,
                submitted_on, due_on, decision_reason, correction_due_on)
            SELECT %(region)s, v.version_id, %(owner)s, %(person)s,
                CASE WHEN i %% 100 < 90 THEN 'approved' WHEN i %% 100 < 95 THEN 'in_review'
                     WHEN i %% 100 < 98 THEN 'submitted' ELSE 'returned' END,
                'new', '{}'::jsonb, 'BENCH/' || i, '', gen_random_uuid(),
                now() - (i %% 700) * interval '1 day', now() - (i %% 700) * interval '1 day',
                (now() - (i %% 700) * interval '1 day')::date,
                (now() - (i %% 700) * interval '1 day')::date + 10, '',
                CASE WHEN i %% 100 >= 98 THEN current_date + 5 END
            FROM generate_series(1, %(total)s) AS i
            JOIN bench_versions v ON v.n = i %% %(versions)s
            """,
            {
                "region": region.pk,
                "owner": person.user_id,
                "person": person.pk,
                "total": total,
                "versions": len(versions),
            },
        )
        # Tasks from each version's template: decided cases have all tasks done; open ones
        # have stage 1 (submitted, returned) or stage 2 (in review) open, later ones waiting.
        cursor.execute(
            """
            INSERT INTO licensing_casetask (
                application_id, stage, stage_name, name, agency_id, role, budget_days, status,
                started_on, due_on, at_risk_on, outcome, note, alerted_at_risk, alerted_overdue)
            SELECT a.id, t.stage, t.stage_name, t.name, t.agency_id, t.role, t.budget_days,
                CASE WHEN a.status = 'approved' THEN 'done'
                     WHEN a.status = 'in_review' AND t.stage = 1 THEN 'done'
                     WHEN a.status = 'in_review' AND t.stage = 2 THEN 'open'
                     WHEN a.status IN ('submitted', 'returned') AND t.stage = 1 THEN 'open'
                     ELSE 'waiting' END,
                a.submitted_on, a.submitted_on + t.budget_days + (a.id %% 5)::int,
                a.submitted_on + t.budget_days, '', '', false, false
            FROM licensing_application a
            JOIN catalog_workflowtask t ON t.version_id = a.service_version_id
            WHERE a.registration_number LIKE 'BENCH/%%'
            """,
            {},
        )
    rng = random.Random(7)
    sample = rng.sample(range(1, total + 1), scale(1000, 20))
    pins = {}
    for i in sample:
        number = f"BENCH/{i}"
        pin = f"{rng.randrange(1_000_000):06d}"
        pins[number] = pin
        Application.objects.filter(registration_number=number).update(
            pin_digest=pin_digest(number, pin)
        )
    (VAR / "pins.json").write_text(json.dumps(pins))
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    seconds = time.perf_counter() - started
    applications = Application.objects.count()
    print(
        f"seeded {applications:,} applications and "
        f"{WorkflowTask.objects.count()} template tasks in {seconds:.0f} s"
    )
    save(
        "seed",
        {"applications": applications, "seconds": round(seconds, 1)},
        [figure(f"seeding {total:,} applications", seconds, "s")],
    )


if __name__ == "__main__":
    counts = [arg for arg in sys.argv[1:] if arg != "--smoke"]
    main(int(counts[0]) if counts else (2_000 if SMOKE else 1_000_000))
