from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Complaints and satisfaction surveys")

    def ready(self):
        from django.db.models.signals import post_save

        from core.worker import Step, counted, worker_step_register
        from feedback.complaints import complaints_escalate
        from feedback.domain import survey_elements_on_region_created, survey_invite_on_case_end
        from licensing.signals import application_ended

        worker_step_register(
            Step("complaints", complaints_escalate, False, counted("complaints overdue"))
        )
        # A case that ends gets the applicant's survey link (licensing does not know feedback).
        application_ended.connect(
            survey_invite_on_case_end, dispatch_uid="feedback.survey_invite_on_case_end"
        )
        # A new region starts with the standard survey elements (org does not know feedback).
        post_save.connect(
            survey_elements_on_region_created,
            sender="org.Region",
            dispatch_uid="feedback.survey_elements_on_region_created",
        )
