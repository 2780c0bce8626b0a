"""Two to four rumpun sets side by side on one stage, with their differences; also as XLSX
and PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _budget, _whole
from org.models import Agency
from planning import reports, scenarios
from planning.models import RumpunSet
from planning.rumpun.measures import partition


@roles_required(*PLANNING_ROLES)
def compare(request, pk: int):
    """Two to four sets side by side on the same stage, with their differences; also as
    XLSX (?format=xlsx) and PDF (?format=pdf)."""
    budget = _budget(request, pk)
    wanted = [pk for pk in dict.fromkeys(map(_whole, request.GET.getlist("set"))) if pk]
    found = {s.pk: s for s in RumpunSet.objects.filter(region=request.region, pk__in=wanted)}
    sets = [found[pk] for pk in wanted if pk in found]
    try:
        columns = scenarios.compare(sets, budget)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        back = _whole(request.GET.get("dari", ""))  # the scenario page it came from
        if (
            back
            and RumpunSet.objects.filter(
                pk=back, region=request.region, kind__in=scenarios.EDITABLE
            ).exists()
        ):
            return redirect("backoffice:scenario", pk=pk, scenario=back)
        return redirect("backoffice:budget_analysis", pk=pk)
    groups = sorted({g for evaluation, _diff in columns for g in evaluation.akun_shares})
    name = f"perbandingan-rumpun-{budget.year}-{budget.stage}"
    match request.GET.get("format"):
        case "xlsx":
            response = HttpResponse(
                reports.comparison_xlsx(budget, columns, groups),
                content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.xlsx"'
            return response
        case "pdf":
            response = HttpResponse(
                reports.comparison_pdf(budget, columns, groups, region=request.region),
                content_type="application/pdf",
            )
            response["Content-Disposition"] = f'attachment; filename="{name}.pdf"'
            return response
    # Rumpun by name across the sets (a scenario keeps its base's names), and the agencies
    # each set places differently from the first.
    names = list(dict.fromkeys(f.rumpun.name for e, _d in columns for f in e.rumpun))
    totals = [{f.rumpun.name: f.total for f in e.rumpun} for e, _d in columns]
    placed = []
    for evaluation, _diff in columns:
        where = partition(evaluation.rumpun_set)
        title = {f.rumpun.pk: f.rumpun.name for f in evaluation.rumpun}
        placed.append({agency: title.get(r, "-") for agency, r in where.items()})
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    moved = [
        (agencies[agency], [where.get(agency, "-") for where in placed])
        for agency in sorted(agencies, key=lambda a: agencies[a].short_name)
        if len({where.get(agency, "-") for where in placed}) > 1
    ]
    return render(
        request,
        "backoffice/compare.html",
        {
            "budget": budget,
            "columns": columns,
            "groups": groups,
            "rumpun_rows": [
                (
                    name,
                    [
                        (
                            t.get(name),
                            None
                            if t.get(name) is None or totals[0].get(name) is None
                            else t[name] - totals[0][name],
                        )
                        for t in totals
                    ],
                )
                for name in names
            ],
            "moved": moved,
            "query": request.GET.urlencode(),
        },
    )
