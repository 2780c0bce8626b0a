from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PlanningConfig(AppConfig):
    name = "planning"
    verbose_name = _("Planning (rumpun)")

    def ready(self):
        from core.worker import Step, counted, worker_step_register
        from planning.jobs import import_jobs_run_due

        # Every round: a planner waits on the page; one import runs to its end (bounded by
        # SATUPINTU_IMPORT_MAX_SECONDS) before the next round's notifications.
        worker_step_register(
            Step("imports", import_jobs_run_due, True, counted("planning imports run"))
        )
