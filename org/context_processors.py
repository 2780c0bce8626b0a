"""The served region for every template."""


def region(request):
    return {"region": getattr(request, "region", None)}
