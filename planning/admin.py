from django.contrib import admin

from planning.models import NomenclatureItem, NomenclatureVersion


class ReadOnlyAdmin(admin.ModelAdmin):
    """Nomenclature comes in by import (planning screens, `import_nomenclature`), never by
    hand: here it is only looked up."""

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(NomenclatureVersion)
class NomenclatureVersionAdmin(ReadOnlyAdmin):
    list_display = ["name", "source", "imported_at"]


@admin.register(NomenclatureItem)
class NomenclatureItemAdmin(ReadOnlyAdmin):
    list_display = ["code", "name", "level", "is_penunjang", "version"]
    list_filter = ["version", "level", "is_penunjang"]
    search_fields = ["code", "name"]
