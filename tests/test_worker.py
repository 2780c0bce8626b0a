"""The background worker: a failing step does not stop the others; SIGTERM ends it cleanly."""

import io
import os
import signal
import threading
import time

from django.core import mail
from django.core.management import call_command

from core.management.commands import run_worker
from core.messaging import outbox_queue
from core.models import Medium, Notification


def _queue_mail():
    outbox_queue(
        messages=[(Medium.EMAIL, "siti@example.id")],
        subject="Permohonan diterima",
        body="Permohonan Anda diterima.",
        key="uji-pekerja",
        object_type="test",
        object_id=1,
    )


def _broken():
    raise RuntimeError("a row the step cannot handle")


class WorkerWithABrokenStep(run_worker.Command):
    # A step of the test's own, first in the round; the real steps follow unchanged.
    steps = [run_worker.Step("broken", _broken, True, lambda _: None), *run_worker.worker_steps()]


def test_a_failing_step_is_reported_and_the_outbox_still_goes(db, caplog):
    _queue_mail()
    out, err = io.StringIO(), io.StringIO()
    call_command(WorkerWithABrokenStep(), "--once", stdout=out, stderr=err)
    assert err.getvalue() == "step broken failed; the others go on\n"
    assert [m.subject for m in mail.outbox] == ["Permohonan diterima"]
    assert list(Notification.objects.values_list("status", flat=True)) == ["sent"]
    assert "notifications sent: 1" in out.getvalue().splitlines()
    assert [r.getMessage() for r in caplog.records if r.name == "satupintu.worker"] == [
        "worker step broken failed"
    ]


def test_sigterm_ends_the_worker_after_its_step_and_restores_the_handler(db):
    before = signal.getsignal(signal.SIGTERM)
    timer = threading.Timer(0.5, os.kill, (os.getpid(), signal.SIGTERM))
    out = io.StringIO()
    started = time.monotonic()
    timer.start()
    call_command("run_worker", "--interval", "600", stdout=out)  # would sleep 10 minutes
    took = time.monotonic() - started
    timer.join()
    assert out.getvalue().splitlines()[-1] == "stopped"
    assert took < 30  # ended by the signal, not by the 600-second wait
    assert signal.getsignal(signal.SIGTERM) == before
