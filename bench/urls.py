"""The project's URLs plus the floor: a view returning a constant, through the same
middleware, that each HTTP benchmark measures in the same run. Mounted only by
bench/settings.py, never in production."""

from django.contrib.auth.decorators import login_not_required
from django.http import HttpResponse
from django.urls import path

from satupintu.urls import urlpatterns as project_urlpatterns


@login_not_required
def floor(request):
    return HttpResponse(b"ok", content_type="text/plain")


urlpatterns = [path("bench/floor/", floor), *project_urlpatterns]
