"""Template filters for Indonesian formats."""

from django import template

from core import formatting

register = template.Library()


@register.filter
def rupiah(value):
    if value is None or value == "":
        return ""
    return formatting.rupiah(value)


@register.filter
def angka(value):
    if value is None or value == "":
        return ""
    return formatting.number(value)


@register.filter
def tanggal(value):
    if not value:
        return ""
    return formatting.long_date(value)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
