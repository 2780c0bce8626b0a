"""The SKM report of a service, an agency or the region for a period: the IKM with each
element's NRR and weighted value, the respondent profile, the sample against the
Krejcie-Morgan minimum, the weakest elements, and the trend over earlier periods."""

import datetime
import re
from collections import Counter, defaultdict
from dataclasses import dataclass, field

from django.utils.translation import gettext as _

from feedback import ikm
from feedback.models import (
    Education,
    Gender,
    Occupation,
    SurveyAnswer,
    SurveyElement,
    SurveyResponse,
)
from licensing.models import Application

PERIOD_KINDS = ("triwulan", "semester", "tahun")


@dataclass(frozen=True)
class Period:
    kind: str
    year: int
    number: int  # the quarter (1–4) or semester (1–2); 1 for a year

    @property
    def start(self) -> datetime.date:
        months = {"triwulan": 3, "semester": 6, "tahun": 12}[self.kind]
        return datetime.date(self.year, (self.number - 1) * months + 1, 1)

    @property
    def end(self) -> datetime.date:  # inclusive
        months = {"triwulan": 3, "semester": 6, "tahun": 12}[self.kind]
        month = self.number * months
        following = datetime.date(self.year + month // 12, month % 12 + 1, 1)
        return following - datetime.timedelta(days=1)

    @property
    def label(self) -> str:
        match self.kind:
            case "triwulan":
                return _("Quarter %(n)s %(year)s") % {"n": self.number, "year": self.year}
            case "semester":
                return _("Semester %(n)s %(year)s") % {"n": self.number, "year": self.year}
        return str(self.year)

    def previous(self) -> "Period":
        if self.kind == "tahun" or self.number == 1:
            last = {"triwulan": 4, "semester": 2, "tahun": 1}[self.kind]
            return Period(self.kind, self.year - 1, last)
        return Period(self.kind, self.year, self.number - 1)

    @classmethod
    def containing(cls, day: datetime.date, kind: str = "triwulan") -> "Period":
        size = {"triwulan": 3, "semester": 6, "tahun": 12}[kind]
        return cls(kind, day.year, (day.month - 1) // size + 1)


@dataclass
class Report:
    period: Period
    index: ikm.Index | None
    names: dict[str, str]  # element code → name
    respondents: int
    population: int  # service users in the period: applications filed in it
    minimum: int
    profile: dict[str, list[tuple[str, int]]] = field(default_factory=dict)
    comments: list[str] = field(default_factory=list)
    trend: list[tuple[Period, ikm.Index | None, int]] = field(default_factory=list)

    @property
    def sample_enough(self) -> bool:
        return self.respondents >= self.minimum


# A long run of digits in a comment is an NIK or a phone number: not for a report.
_NUMBER = re.compile(r"\+?\d[\d .-]{6,}\d")


def _masked(comment: str) -> str:
    return _NUMBER.sub("[…]", comment)


def _responses(region, period: Period, *, service=None, agency=None, agencies=None):
    responses = SurveyResponse.objects.filter(
        region=region, submitted_on__range=(period.start, period.end)
    )
    if service is not None:
        responses = responses.filter(service=service)
    if agency is not None:
        responses = responses.filter(agency=agency)
    if agencies is not None:
        responses = responses.filter(agency__in=agencies)
    return responses


def _index(region, period, *, service, agency, agencies, legacy):
    responses = _responses(region, period, service=service, agency=agency, agencies=agencies)
    per_response: dict[int, dict[str, int]] = defaultdict(dict)
    for response_id, code, score in SurveyAnswer.objects.filter(response__in=responses).values_list(
        "response_id", "element__code", "score"
    ):
        per_response[response_id][code] = score
    codes = list(SurveyElement.objects.filter(region=region).values_list("code", flat=True))
    return ikm.index(per_response.values(), codes, legacy=legacy), len(per_response)


def ikm_report(
    region,
    period: Period,
    *,
    service=None,
    agency=None,
    agencies=None,
    legacy: bool = False,
    trend: int = 4,
) -> Report:
    """`agency`: one agency's services; `agencies`: several agencies' together."""
    scope = {"service": service, "agency": agency, "agencies": agencies}
    index, respondents = _index(region, period, legacy=legacy, **scope)
    responses = _responses(region, period, **scope)
    population = _users(region, period.start, period.end, **scope)
    profile = {}
    for name, column, choices in (
        (_("Sex"), "gender", Gender),
        (_("Education"), "education", Education),
        (_("Occupation"), "occupation", Occupation),
    ):
        counts = Counter(responses.values_list(column, flat=True))
        profile[name] = [(label, counts.get(value, 0)) for value, label in choices.choices]
    earlier, history = period, []
    for _step in range(trend):
        earlier = earlier.previous()
        past, count = _index(region, earlier, legacy=legacy, **scope)
        history.append((earlier, past, count))
    return Report(
        period=period,
        index=index,
        names=dict(SurveyElement.objects.filter(region=region).values_list("code", "name")),
        respondents=respondents,
        population=population,
        minimum=ikm.minimum_sample(population),
        profile=profile,
        comments=[
            _masked(comment)
            for comment in responses.exclude(comment="").values_list("comment", flat=True)[:50]
        ],
        trend=list(reversed(history)),
    )


def latest_by_service(region, services, *, today: datetime.date) -> dict[int, ikm.Index]:
    """Each service's IKM over the last full year of answers (the public catalog's figure)."""
    start = today - datetime.timedelta(days=365)
    per_service: dict[int, dict[int, dict[str, int]]] = defaultdict(lambda: defaultdict(dict))
    for service_id, response_id, code, score in SurveyAnswer.objects.filter(
        response__region=region,
        response__service__in=services,
        response__submitted_on__range=(start, today),
    ).values_list("response__service_id", "response_id", "element__code", "score"):
        per_service[service_id][response_id][code] = score
    codes = list(SurveyElement.objects.filter(region=region).values_list("code", flat=True))
    return {
        service_id: ikm.index(responses.values(), codes)
        for service_id, responses in per_service.items()
    }


def sample_short(region, service, index: ikm.Index, *, today: datetime.date) -> bool:
    """Whether a service's last-12-months figure rests on fewer respondents than the
    Krejcie-Morgan minimum for the applications filed in those months."""
    users = _users(region, today - datetime.timedelta(days=365), today, service=service)
    return index.respondents < ikm.minimum_sample(users)


def _users(region, start, end, *, service=None, agency=None, agencies=None) -> int:
    """Service users of a period: the applications filed in it (walk-ins at the kiosk are
    not counted: the office keeps no count of them)."""
    users = Application.objects.filter(region=region, submitted_on__range=(start, end))
    if service is not None:
        users = users.filter(service_version__service=service)
    if agency is not None:
        users = users.filter(service_version__service__responsible_agency=agency)
    if agencies is not None:
        users = users.filter(service_version__service__responsible_agency__in=agencies)
    return users.count()
