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
def desimal(value, places):
    """`{{ nrr|desimal:3 }}` → 3,667: as the PDF and XLSX write it."""
    if value is None or value == "":
        return ""
    return formatting.decimal(value, int(places))


@register.filter
def persen(share, places):
    """`{{ share|persen:1 }}` → 6,7% for a share of 0.067."""
    if share is None or share == "":
        return ""
    return formatting.percent(share, int(places))


@register.filter
def tanggal(value):
    if not value:
        return ""
    return formatting.long_date(value)


@register.filter
def get_item(mapping, key):
    """mapping[key] in a template (None when absent)."""
    return mapping.get(key) if hasattr(mapping, "get") else None
