"""The served region for every template."""


def region(request):
    """The served region (for the header, the footer and the menu)."""
    return {"region": getattr(request, "region", None)}
