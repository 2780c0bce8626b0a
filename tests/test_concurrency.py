"""Real concurrent transactions on PostgreSQL: one action wins, numbers never repeat or skip."""

import threading

import pytest
from django.db import connection, connections, transaction

from core import numbers
from licensing import domain
from licensing.models import Permit, Status
from org.models import Role
from tests import factories
from tests.licensing_fixtures import *  # noqa: F403 - fixtures
from tests.licensing_fixtures import pdf

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.skipif(
        connection.vendor != "postgresql", reason="row locks need PostgreSQL (CI runs it)"
    ),
]


def _race(*callables):
    """Run callables at the same moment in their own connections; collect results or errors."""
    barrier = threading.Barrier(len(callables))
    results = [None] * len(callables)

    def run(index, work):
        try:
            barrier.wait()
            results[index] = ("ok", work())
        except Exception as error:  # the test inspects what each thread met
            results[index] = ("error", error)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(callables)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return results


def test_two_officers_accepting_the_same_task_at_once(
    parkir, siti, applicant, front_office, dpmptsp
):
    colleague = factories.make_staff("lina.fo", dpmptsp, Role.FRONT_OFFICE)
    application = domain.application_start(owner=applicant, person=siti, service=parkir)
    application.form_data = {"lokasi": "Jl. Ijen 10", "luas_m2": "120"}
    application.save()
    for requirement in application.service_version.requirements.all():
        document = domain.document_upload(
            owner=applicant, document_type=requirement.document_type, upload=pdf()
        )
        domain.application_attach(
            application=application, requirement=requirement, document=document
        )
    application, _pin = domain.application_submit(application=application, actor=applicant)
    task = application.tasks.get(stage=1)

    results = _race(
        lambda: domain.application_accept(task=task, actor=front_office),
        lambda: domain.application_accept(task=task, actor=colleague),
    )
    outcomes = sorted(kind for kind, _value in results)
    assert outcomes == ["error", "ok"]
    error = next(value for kind, value in results if kind == "error")
    assert isinstance(error, domain.ActionRefusedError)
    application.refresh_from_db()
    assert application.status == Status.IN_REVIEW
    assert application.tasks.filter(stage=2, status="open").count() == 2  # opened once


def test_fifty_concurrent_numbers_are_distinct_and_consecutive():
    def take():
        with transaction.atomic():
            return numbers.next_value(scope="registration:35.73", year=2026)

    results = _race(*[take] * 50)
    assert sorted(value for _kind, value in results) == list(range(1, 51))


def test_fifty_permits_signed_at_once_get_fifty_consecutive_numbers(
    region, dpmptsp, siti, applicant, front_office, signing_official, signing_key
):
    from catalog import domain as catalog_domain
    from licensing import issuance
    from tests.licensing_fixtures import PASSPHRASE

    version = factories.make_draft(
        region,
        code="izin-cepat",
        name="Izin Cepat",
        agency=dpmptsp,
        sla_days=2,
        tasks=[
            (1, "Pemeriksaan kelengkapan", dpmptsp, "front_office", 1),
            (2, "Keputusan", dpmptsp, "signing_official", 1),
        ],
    )
    service = catalog_domain.service_version_publish(version=version, actor=None).service
    tasks = []
    for _ in range(50):
        application = domain.application_start(owner=applicant, person=siti, service=service)
        domain.application_fill(
            application=application,
            actor=applicant,
            values={},
            attachments={r: pdf() for r in application.service_version.requirement_list()},
        )
        application, _pin = domain.application_submit(application=application, actor=applicant)
        domain.application_accept(task=application.tasks.get(stage=1), actor=front_office)
        domain.application_decide(
            task=application.tasks.get(stage=2), actor=signing_official, approve=True
        )
        tasks.append(application.tasks.get(stage=3))

    results = _race(
        *[
            (
                lambda task=task: (
                    issuance.permit_issue(
                        task=task, actor=signing_official, passphrase=PASSPHRASE
                    ).number
                )
            )
            for task in tasks
        ]
    )
    assert [kind for kind, _value in results] == ["ok"] * 50
    year = region.today().year
    assert sorted(value for _kind, value in results) == [
        f"503/{n:04d}/izin-cepat/{year}" for n in range(1, 51)
    ]
    assert Permit.objects.filter(application__status=Status.ISSUED).count() == 50
