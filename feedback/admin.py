from django.contrib import admin, messages
from django.utils.translation import gettext as _

from feedback.models import Open311ApiKey, SurveyElement
from org.admin import RegionScopedAdmin


@admin.register(SurveyElement)
class SurveyElementAdmin(RegionScopedAdmin):
    """The nine elements are created on first use; a region adds its own (U10, …) or stops
    asking one. Codes stay: answers are stored by them."""

    list_display = ["code", "name", "order", "active", "region"]
    list_filter = ["active"]
    ordering = ["region", "order", "code"]

    def get_readonly_fields(self, request, obj=None):
        return ["code"] if obj is not None else []


@admin.register(Open311ApiKey)
class Open311ApiKeyAdmin(RegionScopedAdmin):
    """Keys for Open311 integrators (docs/open311.md). The key is shown once, when it is
    issued; only its digest is stored. To replace a key, deactivate it and issue another."""

    list_display = ["name", "region", "active", "created_at", "last_used_at"]
    list_filter = ["active"]
    fields = ["region", "name", "active", "created_at", "last_used_at"]

    def get_readonly_fields(self, request, obj=None):
        fixed = ["created_at", "last_used_at"]
        return ["region", *fixed] if obj is not None else fixed

    def save_model(self, request, obj, form, change):
        key = None if change else obj.generate()
        super().save_model(request, obj, form, change)
        if key is not None:
            messages.success(
                request,
                _("The key for %(name)s is %(key)s. Copy it now: it is not shown again.")
                % {"name": obj.name, "key": key},
            )
