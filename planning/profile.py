"""A rumpun's profile ("orientasi per rumpun"): its agencies, budget and top programs, what
its agencies fund together, its overlaps, and the PTSP services its agencies deliver with
their SLA performance, so that money and service are read on one page."""

from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from django.db.models import Count, F, Q

from catalog.models import Service, VersionStatus
from licensing.models import OPEN_STATUSES, Application, Status
from planning.models import Budget, Rumpun
from planning.rumpun.graph import amounts_by_item, item_name
from planning.rumpun.lines import Line, akun_group
from planning.rumpun.overlaps import overlaps


@dataclass
class Program:
    code: str
    name: str
    kinerja: str
    amount: Decimal
    agencies: list[int]


@dataclass
class ServiceFigures:
    service: Service
    role: str  # "responsible" or "technical"
    decided: int
    on_time: int
    open: int
    overdue: int
    ikm: object = None  # feedback.ikm.Index over the last 12 months, when answered

    @property
    def on_time_share(self) -> float | None:
        return self.on_time / self.decided if self.decided else None


@dataclass
class Profile:
    rumpun: Rumpun
    members: list[tuple[int, Decimal]]  # agency pk, weight
    total: Decimal
    by_akun: dict[str, Decimal]
    by_sumber_dana: dict[str, Decimal]
    by_tag: dict[str, Decimal]
    programs: list[Program]
    shared: list[tuple[str, str, Decimal, list[int]]]  # code, name, amount, agencies
    overlaps: list = field(default_factory=list)  # SharedItem touching the rumpun
    services: list[ServiceFigures] = field(default_factory=list)


def rumpun_profile(rumpun: Rumpun, budget: Budget, lines: list[Line], *, today) -> Profile:
    members = list(rumpun.members.values_list("agency_id", "weight"))
    weight = dict(members)
    inside = [line for line in lines if line.agency in weight]
    total, by_akun = Decimal(0), defaultdict(Decimal)
    by_sumber_dana, by_tag = defaultdict(Decimal), defaultdict(Decimal)
    per_program: dict[str, dict[int, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for line in inside:
        part = (line.amount * weight[line.agency]).quantize(Decimal("0.01"))
        total += part
        by_akun[akun_group(line.akun)] += part
        by_sumber_dana[line.sumber_dana or "-"] += part
        for tag in line.tags:
            by_tag[tag] += part
        if not line.is_penunjang:
            per_program[line.program][line.agency] += part
    items = budget.nomenclature_items()
    shared_amounts = {code: per for code, per in amounts_by_item(inside).items() if len(per) > 1}
    wanted = set(per_program) | set(shared_amounts)
    known = {
        code: (name, kinerja)
        for code, name, kinerja in items.filter(code__in=wanted).values_list(
            "code", "name", "kinerja"
        )
    }
    names = {code: name for code, (name, _k) in known.items()}
    programs = sorted(
        (
            Program(
                code,
                known.get(code, ("", ""))[0],
                known.get(code, ("", ""))[1],
                sum(per.values(), Decimal(0)),
                sorted(per),
            )
            for code, per in per_program.items()
        ),
        key=lambda p: (-p.amount, p.code),
    )[:10]
    shared = sorted(
        (
            (code, item_name(code, names), sum(per.values(), Decimal(0)), sorted(per))
            for code, per in shared_amounts.items()
        ),
        key=lambda s: (-s[2], s[0]),
    )
    found, _misplaced = overlaps(budget, lines)
    touching = [item for item in found if set(item.amounts) & set(weight)]
    return Profile(
        rumpun=rumpun,
        members=members,
        total=total,
        by_akun=dict(by_akun),
        by_sumber_dana=dict(by_sumber_dana),
        by_tag=dict(by_tag),
        programs=programs,
        shared=shared,
        overlaps=touching,
        services=service_figures(set(weight), region=budget.region, today=today),
    )


def service_figures(agencies: set[int], *, region, today) -> list[ServiceFigures]:
    """The published services these agencies run (as responsible agency) or take part in
    (a task of the workflow): decided applications and how many on time (decided on or
    before the due date), and what is open now."""
    services = (
        Service.objects.filter(region=region, is_active=True)
        .filter(
            Q(responsible_agency__in=agencies)
            | Q(
                versions__status=VersionStatus.PUBLISHED,
                versions__tasks__agency__in=agencies,
            )
        )
        .distinct()
        .select_related("responsible_agency")
        .order_by("name")
    )
    counts = {
        row["service_version__service"]: row
        for row in Application.objects.filter(region=region, service_version__service__in=services)
        .values("service_version__service")
        .annotate(
            decided=Count("pk", filter=Q(decided_at__isnull=False)),
            on_time=Count(
                "pk", filter=Q(decided_at__isnull=False, decided_at__date__lte=F("due_on"))
            ),
            open=Count("pk", filter=Q(status__in=OPEN_STATUSES)),
            # A case returned to its applicant has its clock stopped: not overdue.
            overdue=Count(
                "pk",
                filter=Q(status__in=[Status.SUBMITTED, Status.IN_REVIEW], due_on__lt=today),
            ),
        )
    }
    from feedback.report import latest_by_service

    satisfaction = latest_by_service(region, services, today=today)
    figures = []
    for service in services:
        row = counts.get(service.pk, {})
        figures.append(
            ServiceFigures(
                service=service,
                role="responsible" if service.responsible_agency_id in agencies else "technical",
                decided=row.get("decided", 0),
                on_time=row.get("on_time", 0),
                open=row.get("open", 0),
                overdue=row.get("overdue", 0),
                ikm=satisfaction.get(service.pk),
            )
        )
    return figures
