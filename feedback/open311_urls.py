"""Open311 GeoReport v2, mounted at /open311/v2/: each resource in .xml and .json."""

from django.urls import re_path

from feedback import open311

app_name = "open311"
FORMAT = r"\.(?P<fmt>xml|json)$"

urlpatterns = [
    re_path(r"^discovery" + FORMAT, open311.discovery, name="discovery"),
    re_path(r"^services" + FORMAT, open311.services, name="services"),
    re_path(
        r"^services/(?P<service_code>[^/]+)" + FORMAT,
        open311.service_definition,
        name="service_definition",
    ),
    re_path(r"^requests" + FORMAT, open311.service_requests, name="service_requests"),
    re_path(
        r"^requests/(?P<service_request_id>[^/]+)" + FORMAT,
        open311.service_request,
        name="service_request",
    ),
    re_path(r"^tokens/(?P<token>[^/]+)" + FORMAT, open311.token, name="token"),
    re_path(r"^(?P<path>.*)$", open311.unknown),
]
