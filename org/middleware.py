"""Attach the served region to each request and show times in its zone."""

from django.conf import settings
from django.utils import timezone

from org.models import Region


class RegionMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.region = Region.objects.filter(code=settings.DEFAULT_REGION_CODE).first()
        if request.region is not None:
            timezone.activate(request.region.zone)
        try:
            return self.get_response(request)
        finally:
            timezone.deactivate()
