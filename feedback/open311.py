"""Open311 GeoReport v2 at /open311/v2/ (docs/open311.md, docs/adr/0021-open311.md): the
complaint classifications as services, complaints filed by integrators with an API key, and
public complaints read back without personal data; XML as the spec requires, and JSON."""

import datetime
import decimal
import re
import xml.etree.ElementTree as ET
from functools import wraps
from urllib.parse import urlsplit

from django.conf import settings
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator, validate_email
from django.db.models import Max
from django.http import HttpResponse, JsonResponse
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.csrf import csrf_exempt

from catalog.models import Service, ServiceVersion
from feedback.complaints import complaint_file
from feedback.models import (
    CLOSED_COMPLAINT,
    VERIFICATION_DAYS,
    Classification,
    Complaint,
    ComplaintSource,
    Open311ApiKey,
)

SPECIFICATION = "http://wiki.open311.org/GeoReport_v2"
GROUP = "pengaduan"
WINDOW = datetime.timedelta(days=90)  # the spec's default and widest date range
MAX_REQUESTS = 1000  # the spec's default query limit
MAX_DESCRIPTION = 4000  # the spec's limit on description
# The layout of this API last changed then; published catalog changes move it later.
CHANGESET = datetime.datetime(2026, 11, 28, tzinfo=datetime.UTC)

# Attribute codes of every service definition. Integrators send attribute[code]=value, so
# these are a public interface (docs/open311.md): never rename them.
SERVICE, TITLE, REMEDY, CONFIDENTIAL = "layanan", "judul", "harapan", "rahasia"
YES, NO = "ya", "tidak"

# Service codes are a public interface too: the words integrators use, whatever a
# classification is stored as.
SERVICE_CODES = {
    Classification.COMPLAINT: "pengaduan",
    Classification.ASPIRATION: "aspirasi",
    Classification.INFORMATION: "informasi",
}
CLASSIFICATIONS = {code: classification for classification, code in SERVICE_CODES.items()}

SERVICE_TEXT = {
    Classification.COMPLAINT: (
        gettext_lazy("A public service fell short: say what happened and what should be done."),
        gettext_lazy("complaint, report, public service, maladministration"),
    ),
    Classification.ASPIRATION: (
        gettext_lazy("A suggestion or an idea for the region's public services."),
        gettext_lazy("aspiration, suggestion, idea"),
    ),
    Classification.INFORMATION: (
        gettext_lazy("A question to the region about a service, a rule or a decision."),
        gettext_lazy("information, question"),
    ),
}

# XML layout: a list is a container element whose items all carry one name (the spec's
# Spark convention maps the same structure to JSON arrays).
ITEM_TAGS = {
    "services": "service",
    "attributes": "attribute",
    "values": "value",
    "service_requests": "request",
    "errors": "error",
    "endpoints": "endpoint",
    "formats": "format",
}
NOT_IN_XML = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
XML_TYPE = "text/xml; charset=utf-8"
JSON_TYPE = "application/json; charset=utf-8"


class Open311Error(Exception):
    """An error the spec names: 404 for what does not exist, 403 for the api_key, else 400."""

    def __init__(self, status: int, description: str):
        super().__init__(description)
        self.status, self.description = status, description


# Rendering ---------------------------------------------------------------------------------


def _element(tag: str, value) -> ET.Element:
    element = ET.Element(tag)
    if isinstance(value, dict):
        element.extend(_element(key, item) for key, item in value.items())
    elif isinstance(value, list):
        element.extend(_element(ITEM_TAGS[tag], item) for item in value)
    elif isinstance(value, bool):
        element.text = "true" if value else "false"
    elif value is not None:
        # XML 1.0 cannot carry most control characters, and a filer may have typed some.
        element.text = NOT_IN_XML.sub("", str(value))
    return element


def _respond(fmt: str, root: str, data, *, status: int = 200) -> HttpResponse:
    if fmt == "json":
        return JsonResponse(
            data,
            safe=False,
            status=status,
            content_type=JSON_TYPE,
            json_dumps_params={"ensure_ascii": False},
        )
    body = '<?xml version="1.0" encoding="utf-8"?>\n' + ET.tostring(
        _element(root, data), encoding="unicode"
    )
    return HttpResponse(body.encode(), status=status, content_type=XML_TYPE)


def _errors(fmt: str, error: Open311Error) -> HttpResponse:
    return _respond(
        fmt,
        "errors",
        [{"code": error.status, "description": error.description}],
        status=error.status,
    )


# Every endpoint ----------------------------------------------------------------------------


def _served_ids(region) -> set[str]:
    """What jurisdiction_id may name: the region's Kemendagri code, or the domain the portal
    is served at (the spec suggests the jurisdiction's web domain without www)."""
    host = (urlsplit(settings.SATUPINTU_BASE_URL).hostname or "").lower()
    return {region.code, host.removeprefix("www.")} - {""}


def _text(value: str) -> str:
    """A parameter as sent, trimmed and without NUL characters (PostgreSQL text cannot
    hold them)."""
    return value.replace("\x00", "").strip()


def _region(request):
    region = request.region
    if region is None:
        raise Open311Error(404, _("No region is served at this address."))
    given = _text(request.POST.get("jurisdiction_id") or request.GET.get("jurisdiction_id", ""))
    if given and given.lower() not in _served_ids(region):
        raise Open311Error(
            404, _("jurisdiction_id %(given)s was not found here.") % {"given": given}
        )
    return region


def _endpoint(*methods: str):
    """Open to anyone (integrators have no session, so no CSRF token either), in Indonesian
    whatever the client's language, with the jurisdiction checked and errors in the spec's
    layout."""

    def decorate(view):
        @csrf_exempt  # no session or cookie is read: a key in the body is the only credential
        @login_not_required
        @wraps(view)
        def wrapper(request, fmt, **kwargs):
            with translation.override("id"):
                try:
                    if request.method not in methods:
                        raise Open311Error(
                            400,
                            _("This address does not accept %(method)s.")
                            % {"method": request.method},
                        )
                    return view(request, fmt, _region(request), **kwargs)
                except Open311Error as error:
                    return _errors(fmt, error)

        return wrapper

    return decorate


# Services ----------------------------------------------------------------------------------


def _catalog(region):
    return Service.objects.filter(region=region, is_active=True).order_by("name")


@_endpoint("GET", "HEAD")
def discovery(request, fmt, region):
    """The service discovery document (Open311 Service Discovery)."""
    published = ServiceVersion.objects.filter(service__region=region).aggregate(
        latest=Max("published_at")
    )["latest"]
    changeset = timezone.localtime(max(CHANGESET, published or CHANGESET), region.zone)
    changeset = changeset.strftime("%Y-%m-%d %H:%M")
    base = settings.SATUPINTU_BASE_URL
    api = base + reverse("open311:discovery", kwargs={"fmt": fmt}).rsplit("/", 1)[0]
    return _respond(
        fmt,
        "discovery",
        {
            "changeset": changeset,
            "contact": _("The complaints desk of %(region)s: %(url)s")
            % {"region": region.name, "url": base + reverse("portal:complaint_new")},
            "key_service": _(
                "API keys for filing requests are issued by the administrator of %(region)s."
            )
            % {"region": region.name},
            "endpoints": [
                {
                    "specification": SPECIFICATION,
                    "url": api,
                    "changeset": changeset,
                    "type": "test" if region.is_demo else "production",
                    "formats": ["text/xml", "application/json"],
                }
            ],
        },
    )


@_endpoint("GET", "HEAD")
def services(request, fmt, region):
    return _respond(
        fmt,
        "services",
        [
            {
                "service_code": SERVICE_CODES[classification],
                "service_name": str(classification.label),
                "description": str(SERVICE_TEXT[classification][0]),
                "metadata": True,
                "type": "realtime",
                "keywords": str(SERVICE_TEXT[classification][1]),
                "group": GROUP,
            }
            for classification in Classification
        ],
    )


def _classification(code: str) -> Classification:
    if not code:
        raise Open311Error(400, _("service_code was not provided."))
    if code not in CLASSIFICATIONS:
        raise Open311Error(404, _("service_code %(code)s was not found.") % {"code": code})
    return CLASSIFICATIONS[code]


@_endpoint("GET", "HEAD")
def service_definition(request, fmt, region, service_code):
    classification = _classification(service_code)

    def attribute(order, code, datatype, description, datatype_description, values=None):
        data = {
            "variable": True,
            "code": code,
            "datatype": datatype,
            "required": False,
            "datatype_description": datatype_description,
            "order": order,
            "description": description,
        }
        if values is not None:
            data["values"] = [{"key": key, "name": name} for key, name in values]
        return data

    return _respond(
        fmt,
        "service_definition",
        {
            "service_code": SERVICE_CODES[classification],
            "attributes": [
                attribute(
                    1,
                    SERVICE,
                    "singlevaluelist",
                    _("The service concerned, if one is."),
                    _("One of the region's services, by its code."),
                    _catalog(region).values_list("code", "name"),
                ),
                attribute(
                    2,
                    TITLE,
                    "string",
                    _("Subject of the report."),
                    _("At most 200 characters; without it, the description's first line."),
                ),
                attribute(
                    3,
                    REMEDY,
                    "text",
                    _("What you would like done."),
                    None,
                ),
                attribute(
                    4,
                    CONFIDENTIAL,
                    "singlevaluelist",
                    _("Confidential: not public, and the identity is hidden from the agency."),
                    _("Without it: not confidential."),
                    [(YES, _("Yes")), (NO, _("No"))],
                ),
            ],
        },
    )


# Filing a request --------------------------------------------------------------------------


def _key_holder(region, key: str) -> Open311ApiKey | None:
    if not key:
        return None
    return Open311ApiKey.objects.filter(
        region=region, active=True, digest=Open311ApiKey.digest_of(key)
    ).first()


def _coordinate(name: str, value: str, limit: int) -> decimal.Decimal:
    try:
        number = decimal.Decimal(value.strip())
    except decimal.InvalidOperation:
        number = None
    if number is None or not number.is_finite() or abs(number) > limit:
        raise Open311Error(
            400, _("%(name)s must be a WGS84 coordinate in degrees.") % {"name": name}
        )
    return number.quantize(decimal.Decimal("0.000001"), rounding=decimal.ROUND_HALF_UP)


def _notice() -> str:
    return _(
        "The report is verified within %(days)s working days, then sent to the agency that "
        "must answer it."
    ) % {"days": VERIFICATION_DAYS}


def _file(request, fmt, region):
    data = {name: _text(value) for name, value in request.POST.items()}
    holder = _key_holder(region, data.get("api_key", ""))
    if holder is None:
        raise Open311Error(
            403, _("Missing or invalid api_key: ask the region's administrator for a key.")
        )
    classification = _classification(data.get("service_code", ""))
    attributes = {
        match.group(1): value
        for name, value in data.items()
        if (match := re.fullmatch(r"attribute\[([^\]\[]+)\]", name))
    }

    lat, long = data.get("lat", ""), data.get("long", "")
    if bool(lat) != bool(long):
        raise Open311Error(400, _("Send lat and long together."))
    if lat:
        lat, long = _coordinate("lat", lat, 90), _coordinate("long", long, 180)
    else:
        lat = long = None
    address = " ".join(data.get("address_string", "").split())
    if lat is None and not address:
        # address_id alone cannot be used: the region keeps no master address repository.
        raise Open311Error(400, _("Send a location: lat and long, or address_string."))

    service = None
    if attributes.get(SERVICE):
        service = _catalog(region).filter(code=attributes[SERVICE]).first()
        if service is None:
            raise Open311Error(
                400,
                _("attribute[%(code)s]: %(value)s is not one of the region's services.")
                % {"code": SERVICE, "value": attributes[SERVICE]},
            )
    confidential = attributes.get(CONFIDENTIAL, "").lower() or NO
    if confidential not in (YES, NO):
        raise Open311Error(
            400,
            _("attribute[%(code)s] is %(yes)s or %(no)s.")
            % {"code": CONFIDENTIAL, "yes": YES, "no": NO},
        )

    description = data.get("description", "").replace("\r\n", "\n")
    if len(description) > MAX_DESCRIPTION:
        raise Open311Error(
            400,
            _("description is limited to %(count)s characters.") % {"count": MAX_DESCRIPTION},
        )
    media_url = data.get("media_url", "")
    if media_url:
        try:
            URLValidator(schemes=["http", "https"])(media_url)
        except ValidationError:
            raise Open311Error(400, _("media_url must be an http or https address.")) from None
        # Complaints have no place for a link: it goes with the text, where officers see it.
        description = "\n\n".join(
            filter(None, [description, _("Media: %(url)s") % {"url": media_url}])
        )
    first_line = next((line for line in description.splitlines() if line.strip()), "")

    email = data.get("email", "")
    if email:
        try:
            validate_email(email)  # the domain checks it too; here the answer names the field
        except ValidationError:
            raise Open311Error(400, _("email is not an e-mail address.")) from None
    phone = data.get("phone", "")
    name = " ".join(
        part for part in (data.get("first_name", ""), data.get("last_name", "")) if part
    )
    try:
        complaint, _secret = complaint_file(
            region=region,
            classification=classification,
            title=attributes.get(TITLE) or first_line,
            what_happened=description,
            remedy_wanted=attributes.get(REMEDY, ""),
            service=service,
            # Nobody named: filed anonymously, as the spec lets a client send no identity.
            anonymous=not (name or email or phone),
            confidential=confidential == YES,
            name=name,
            email=email,
            phone=phone,
            source=ComplaintSource.OPEN311,
            address=address,
            lat=lat,
            long=long,
        )
    except ValidationError as error:
        raise Open311Error(400, " ".join(error.messages)) from None
    Open311ApiKey.objects.filter(pk=holder.pk).update(last_used_at=timezone.now())
    return _respond(
        fmt,
        "service_requests",
        [
            {
                "service_request_id": complaint.number,
                "service_notice": _notice(),
                "account_id": None,
            }
        ],
    )


# Reading requests --------------------------------------------------------------------------


def _public(region):
    """What the portal shows too (Complaint.objects.public): never a confidential or an
    unverified complaint, not in lists, not by its number."""
    return (
        Complaint.objects.public()
        .filter(region=region)
        .select_related("agency")
        .prefetch_related("events")
    )


def _moment(name: str, text: str, region, *, end: bool) -> datetime.datetime:
    """A W3C date-time; an offset left out (or a '+' turned into a space by an unencoded
    query string) is read in the region's zone; a bare date is its start or its end."""
    text = re.sub(r"(T[\d:.]+) (\d{2}:?\d{2})$", r"\1+\2", text.strip())
    try:
        if "T" not in text and len(text) == 10:
            day = datetime.date.fromisoformat(text)
            moment = datetime.datetime.combine(day, datetime.time.max if end else datetime.time.min)
        else:
            moment = datetime.datetime.fromisoformat(text)
    except ValueError:
        raise Open311Error(
            400,
            _("%(name)s is not a date and time like 2026-01-31T00:00:00+07:00.") % {"name": name},
        ) from None
    moment = moment if moment.tzinfo else moment.replace(tzinfo=region.zone)
    try:  # 0001-01-01 in WIB is still year 0 in UTC, which Python cannot hold
        return moment.astimezone(datetime.UTC)
    except OverflowError:
        raise _beyond(name) from None


def _beyond(name: str) -> Open311Error:
    return Open311Error(
        400, _("%(name)s is outside the dates that can be searched.") % {"name": name}
    )


def _window(params, region) -> tuple[datetime.datetime, datetime.datetime]:
    start = _text(params.get("start_date", ""))
    end = _text(params.get("end_date", ""))
    start = _moment("start_date", start, region, end=False) if start else None
    end = _moment("end_date", end, region, end=True) if end else None
    if start and end:
        if end < start:
            raise Open311Error(400, _("end_date is before start_date."))
        if end - start > WINDOW:
            raise Open311Error(400, _("start_date and end_date may not span more than 90 days."))
        return start, end
    # A single date opens the widest window from it, which must stay inside the calendar.
    if start:
        try:
            return start, start + WINDOW
        except OverflowError:
            raise _beyond("start_date") from None
    if end:
        try:
            return end - WINDOW, end
        except OverflowError:
            raise _beyond("end_date") from None
    now = timezone.now()
    return now - WINDOW, now


def _split(value: str) -> list[str]:
    return [_text(part) for part in value.split(",") if _text(part)]


def _w3(moment: datetime.datetime | None, region) -> str | None:
    return timezone.localtime(moment, region.zone).isoformat(timespec="seconds") if moment else None


def _request_data(complaint: Complaint, region) -> dict:
    """One complaint as the spec's request, without name, e-mail or phone."""
    events = list(complaint.events.all())
    notes = [event.note for event in events if event.public and event.note]
    status_notes = complaint.get_status_display()
    if notes:
        status_notes = f"{status_notes}: {notes[-1]}"
    # For a closed request the spec wants the time it was closed: its last step.
    updated = complaint.updated_at
    if not complaint.is_open and events:
        updated = events[-1].at
    expected = None
    if complaint.due_on is not None:
        expected = datetime.datetime.combine(
            complaint.due_on, datetime.time(23, 59, 59), tzinfo=region.zone
        )
    return {
        "service_request_id": complaint.number,
        "status": "open" if complaint.is_open else "closed",
        "status_notes": status_notes,
        "service_name": complaint.get_classification_display(),
        "service_code": SERVICE_CODES[complaint.classification],
        "description": complaint.what_happened,
        "agency_responsible": complaint.agency.name if complaint.agency else None,
        "service_notice": _notice(),
        "requested_datetime": _w3(complaint.received_at, region),
        "updated_datetime": _w3(updated, region),
        "expected_datetime": _w3(expected, region),
        "address": complaint.address or None,
        "address_id": None,
        "zipcode": None,
        "lat": float(complaint.lat) if complaint.lat is not None else None,
        "long": float(complaint.long) if complaint.long is not None else None,
        "media_url": None,
    }


def _query(request, fmt, region):
    params = request.GET
    complaints = _public(region)
    numbers = _split(params.get("service_request_id", ""))
    if numbers:  # the spec: this overrides all other arguments
        complaints = complaints.filter(number__in=[number.upper() for number in numbers])
    else:
        codes = _split(params.get("service_code", ""))
        if codes:
            complaints = complaints.filter(
                classification__in=[CLASSIFICATIONS[c] for c in codes if c in CLASSIFICATIONS]
            )
        start, end = _window(params, region)
        complaints = complaints.filter(received_at__gte=start, received_at__lte=end)
        statuses = set(_split(params.get("status", "")))
        if statuses - {"open", "closed"}:
            raise Open311Error(400, _("status is open, closed, or both."))
        if statuses == {"open"}:
            complaints = complaints.exclude(status__in=CLOSED_COMPLAINT)
        elif statuses == {"closed"}:
            complaints = complaints.filter(status__in=CLOSED_COMPLAINT)
    return _respond(
        fmt,
        "service_requests",
        [_request_data(complaint, region) for complaint in complaints[:MAX_REQUESTS]],
    )


@_endpoint("GET", "HEAD", "POST")
def service_requests(request, fmt, region):
    if request.method == "POST":
        return _file(request, fmt, region)
    return _query(request, fmt, region)


@_endpoint("GET", "HEAD")
def service_request(request, fmt, region, service_request_id):
    complaint = _public(region).filter(number=_text(service_request_id).upper()).first()
    if complaint is None:
        raise Open311Error(
            404,
            _("service_request_id %(id)s was not found.") % {"id": service_request_id},
        )
    return _respond(fmt, "service_requests", [_request_data(complaint, region)])


@_endpoint("GET", "HEAD")
def token(request, fmt, region, token):
    """Requests are filed in real time and get their id at once: no token is ever issued."""
    raise Open311Error(404, _("token %(token)s was not found.") % {"token": token})


@csrf_exempt
@login_not_required
def unknown(request, path):
    """Anything else under the base address: a 404 in the spec's error layout."""
    fmt = "json" if path.endswith(".json") else "xml"
    with translation.override("id"):
        return _errors(fmt, Open311Error(404, _("There is no such Open311 resource.")))
