from django.apps import AppConfig
from django.core.signals import request_finished
from django.db.models.signals import post_save, pre_save
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "core"
    verbose_name = _("Core")

    def ready(self):
        from core import files

        # Files stored by any model's save inside `files_atomic` go when it rolls back.
        pre_save.connect(files.note_new_files, dispatch_uid="core.files.note_new_files")
        post_save.connect(files.register_new_files, dispatch_uid="core.files.register_new_files")
        # And those of a request whose transaction rolled back go when the request ends.
        request_finished.connect(
            files.discard_rolled_back, dispatch_uid="core.files.discard_rolled_back"
        )
