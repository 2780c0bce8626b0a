"""Real concurrent transactions on PostgreSQL: one action wins, numbers never repeat or skip."""

import threading

import pytest
from django.db import connection, connections, transaction

from core import numbers
from licensing import domain
from licensing.models import Status
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
