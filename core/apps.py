from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import files
        from core.audit import audit_anchor_publish
        from core.messaging import outbox_send_due
        from core.worker import Step, counted, worker_step_register

        # Files stored by any model's save inside `files_atomic` go when it rolls back.
        pre_save.connect(files.note_new_files, dispatch_uid="core.files.note_new_files")
        post_save.connect(files.register_new_files, dispatch_uid="core.files.register_new_files")
        # And those of a request whose transaction rolled back go when the request ends.
        request_finished.connect(
            files.discard_rolled_back, dispatch_uid="core.files.discard_rolled_back"
        )

        worker_step_register(Step("outbox", outbox_send_due, True, counted("notifications sent")))
        # Daily: the audit chain's head to the anchor file, and files no row names (ADR 0023).
        worker_step_register(
            Step(
                "anchor",
                lambda: audit_anchor_publish(only_if_due=True),
                False,
                lambda done: "audit head published to the anchor file" if done else None,
            )
        )
        worker_step_register(
            Step(
                "sweep",
                lambda: files.files_sweep(only_if_due=True),
                False,
                lambda swept: f"removed {len(swept)} unreferenced files" if swept else None,
            )
        )
