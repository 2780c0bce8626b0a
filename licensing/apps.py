from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LicensingConfig(AppConfig):
    name = "licensing"
    verbose_name = _("Applications")

    def ready(self):
        from core.worker import Step, counted, worker_step_register
        from licensing.domain import corrections_lapse, sla_check
        from licensing.issuance import permit_expiry_reminders

        worker_step_register(
            Step("corrections", corrections_lapse, False, counted("corrections lapsed"))
        )
        worker_step_register(
            Step(
                "sla",
                sla_check,
                False,
                lambda alerts: f"SLA alerts: {alerts}" if any(alerts.values()) else None,
            )
        )
        worker_step_register(
            Step("expiry", permit_expiry_reminders, False, counted("expiry reminders"))
        )
