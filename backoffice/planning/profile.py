"""A rumpun's profile on one stage: its agencies, money, programs, what they share, its
overlaps and the PTSP services its agencies deliver."""

from django.shortcuts import get_object_or_404, render

from access.views import roles_required
from backoffice.planning.common import PLANNING_ROLES, _budget
from org.models import Agency
from planning import scenarios
from planning.models import Rumpun, SetKind
from planning.profile import rumpun_profile
from planning.rumpun.lines import budget_lines


@roles_required(*PLANNING_ROLES)
def rumpun_profile_view(request, pk: int, rumpun_pk: int):
    """One rumpun on one stage: agencies, money, programs, what they share, overlaps, and
    the PTSP services its agencies deliver."""
    budget = _budget(request, pk)
    group = get_object_or_404(
        Rumpun.objects.select_related("set"), pk=rumpun_pk, set__region=request.region
    )
    agencies = {a.pk: a for a in Agency.objects.filter(region=request.region)}
    if group.set.kind == SetKind.SCENARIO:  # its money changes apply here too
        lines = scenarios.adjusted_lines(group.set, budget)
    else:
        lines = budget_lines(budget)
    profile = rumpun_profile(group, budget, lines, today=request.region.today())
    return render(
        request,
        "backoffice/rumpun_profile.html",
        {
            "budget": budget,
            "profile": profile,
            "short": {pk: a.short_name for pk, a in agencies.items()},
            "members": [(agencies[a], w) for a, w in profile.members],
            "akun": sorted(profile.by_akun.items(), key=lambda kv: -kv[1]),
            "sources": sorted(profile.by_sumber_dana.items(), key=lambda kv: -kv[1]),
            "themes": sorted(profile.by_tag.items(), key=lambda kv: -kv[1]),
            "overlaps": [
                (
                    item,
                    [
                        (agencies[a], amount, a in dict(profile.members))
                        for a, amount in sorted(item.amounts.items())
                    ],
                )
                for item in profile.overlaps
            ],
        },
    )
