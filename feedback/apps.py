from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FeedbackConfig(AppConfig):
    name = "feedback"
    verbose_name = _("Complaints and satisfaction surveys")

    def ready(self):
        from django.db.models.signals import post_save

        from feedback.domain import survey_elements_on_region_created

        # A new region starts with the standard survey elements (org does not know feedback).
        post_save.connect(
            survey_elements_on_region_created,
            sender="org.Region",
            dispatch_uid="feedback.survey_elements_on_region_created",
        )
