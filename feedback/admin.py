from django.contrib import admin

from feedback.models import SurveyElement
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
