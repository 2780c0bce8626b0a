"""Two to four rumpun sets side by side on one stage (assembled by planning.analysis), with
their differences; also as XLSX and PDF."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpResponse
from django.shortcuts import redirect, render

from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _budget, _fields, _whole
from planning import reports, scenarios
from planning.analysis import sets_compare
from planning.models import RumpunSet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@roles_required(*PLANNING_ROLES)
def compare(request, pk: int):
    """Two to four sets side by side on the same stage, with their differences; also as
    XLSX (?format=xlsx) and PDF (?format=pdf)."""
    budget = _budget(request, pk)
    wanted = [pk for pk in dict.fromkeys(map(_whole, request.GET.getlist("set"))) if pk]
    found = {s.pk: s for s in RumpunSet.objects.filter(region=request.region, pk__in=wanted)}
    try:
        comparison = sets_compare(budget=budget, sets=[found[pk] for pk in wanted if pk in found])
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return _back(request, pk)
    name = f"perbandingan-rumpun-{budget.year}-{budget.stage}"
    columns, groups = comparison.columns, comparison.groups
    match request.GET.get("format"):
        case "xlsx":
            content = reports.comparison_xlsx(budget, columns, groups)
            return _attachment(content, XLSX, f"{name}.xlsx")
        case "pdf":
            content = reports.comparison_pdf(budget, columns, groups, region=request.region)
            return _attachment(content, "application/pdf", f"{name}.pdf")
    return render(
        request,
        "backoffice/compare.html",
        {"budget": budget, **_fields(comparison), "query": request.GET.urlencode()},
    )


def _back(request, pk: int):
    """Where a comparison that cannot be made leads: the scenario page it came from, or the
    stage's analysis."""
    back = _whole(request.GET.get("dari", ""))
    if (
        back
        and RumpunSet.objects.filter(
            pk=back, region=request.region, kind__in=scenarios.EDITABLE
        ).exists()
    ):
        return redirect("backoffice:scenario", pk=pk, scenario=back)
    return redirect("backoffice:budget_analysis", pk=pk)


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    response = HttpResponse(content, content_type=content_type)
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
