"""Scenarios: a copy of a rumpun set that may move agencies and change money, measured on
the same budget as the sets it is compared with; constraints list what it would breach."""

from dataclasses import dataclass
from decimal import Decimal

from django import forms
from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import transaction
from django.utils.translation import gettext as _

from planning.models import (
    Adjustment,
    AdjustmentScope,
    Budget,
    ConstraintRule,
    Rumpun,
    RumpunMember,
    RumpunSet,
    SetKind,
)
from planning.rumpun.lines import AKUN_GROUPS, Line, akun_group, budget_lines
from planning.rumpun.measures import budget_by_rumpun, partition, synergy

CENT = Decimal("0.01")


EDITABLE = (SetKind.SCENARIO, SetKind.CUSTOM)


@transaction.atomic
def scenario_create(*, base: RumpunSet, name: str, kind: str = SetKind.SCENARIO) -> RumpunSet:
    """A scenario (or the region's own set) starts as an exact copy of a set: its rumpun
    and weighted members."""
    if kind not in EDITABLE:
        raise ValidationError(_("Only scenarios and the region's own sets are copies."))
    if RumpunSet.objects.filter(region=base.region, name=name).exists():
        raise ValidationError(_("A set named %(name)s exists already.") % {"name": name})
    scenario = RumpunSet.objects.create(region=base.region, name=name, kind=kind, based_on=base)
    for rumpun in base.rumpun.all():
        copy = Rumpun.objects.create(set=scenario, name=rumpun.name, order=rumpun.order)
        RumpunMember.objects.bulk_create(
            RumpunMember(rumpun=copy, agency_id=m.agency_id, weight=m.weight)
            for m in rumpun.members.all()
        )
    return scenario


@transaction.atomic
def scenario_move(*, scenario: RumpunSet, agency, to: Rumpun, weight: Decimal = Decimal(1)) -> None:
    """Move an agency into one rumpun of a scenario or an own set. With a weight below 1 it
    also stays where it was, its other weights scaled so that they add up to 1 again."""
    if scenario.kind not in EDITABLE or to.set_id != scenario.pk:
        raise ValidationError(_("Agencies are moved only within a scenario or an own set."))
    if not Decimal(0) < weight <= 1:
        raise ValidationError(_("The weight is more than 0 and at most 1."))
    others = list(
        RumpunMember.objects.select_for_update()
        .filter(rumpun__set=scenario, agency=agency)
        .exclude(rumpun=to)
    )
    rest = sum((m.weight for m in others), Decimal(0))
    if weight == 1 or not rest:
        RumpunMember.objects.filter(rumpun__set=scenario, agency=agency).delete()
        RumpunMember.objects.create(rumpun=to, agency=agency, weight=1)
        return
    for member in others:
        member.weight = (member.weight / rest * (1 - weight)).quantize(Decimal("0.0001"))
        member.save(update_fields=["weight"])
    RumpunMember.objects.update_or_create(rumpun=to, agency=agency, defaults={"weight": weight})


@transaction.atomic
def rumpun_add(*, rumpun_set: RumpunSet, name: str) -> Rumpun:
    """A new, empty rumpun at the end of a scenario or an own set."""
    name = " ".join(name.split())[:200]
    if rumpun_set.kind not in EDITABLE:
        raise ValidationError(_("Rumpun are added only to a scenario or an own set."))
    if not name:
        raise ValidationError(_("Name the rumpun."))
    if rumpun_set.rumpun.filter(name=name).exists():
        raise ValidationError(_("This set has a rumpun named %(name)s already.") % {"name": name})
    last = rumpun_set.rumpun.order_by("-order").values_list("order", flat=True).first() or 0
    return Rumpun.objects.create(set=rumpun_set, name=name, order=last + 1)


@transaction.atomic
def scenario_delete(*, scenario: RumpunSet) -> None:
    """Delete a scenario or an own set with its rumpun, members and adjustments."""
    if scenario.kind not in EDITABLE:
        raise ValidationError(_("Only a scenario or an own set is deleted."))
    scenario.delete()


@transaction.atomic
def adjustment_add(
    *,
    scenario: RumpunSet,
    scope: str,
    target: str,
    percent: Decimal | None = None,
    amount: Decimal | None = None,
) -> Adjustment:
    """Write a money change at the end of a scenario's adjustments: a percent of each line
    in scope, or an amount spread over them (docs/rumpun.md)."""
    if scenario.kind != SetKind.SCENARIO:
        raise ValidationError(_("Money is changed only in a scenario."))
    if (percent is None) == (amount is None):
        raise ValidationError(_("Give either a percent or an amount."))
    return Adjustment.objects.create(
        scenario=scenario, scope=scope, target=target[:200], percent=percent, amount=amount
    )


@transaction.atomic
def adjustment_remove(*, scenario: RumpunSet, pk: int) -> None:
    """Delete one of a scenario's adjustments; an id it has not removes nothing."""
    scenario.adjustments.filter(pk=pk).delete()


@transaction.atomic
def constraint_rule_add(
    *, region, name: str, akun_group: str, max_share: Decimal
) -> ConstraintRule:
    """Write a rule the region's scenarios are checked against: `akun_group` at most
    `max_share` percent of the total."""
    if akun_group not in {group for _prefix, group in AKUN_GROUPS}:
        raise ValidationError(
            {
                "akun_group": ValidationError(
                    forms.ChoiceField.default_error_messages["invalid_choice"],
                    code="invalid_choice",
                    params={"value": akun_group},
                )
            }
        )
    for check in (MinValueValidator(0), MaxValueValidator(100)):
        try:
            check(max_share)
        except ValidationError as error:
            raise ValidationError({"max_share": error}) from None
    rule = ConstraintRule(region=region, name=name, akun_group=akun_group, max_share=max_share)
    rule.full_clean()
    rule.save()
    return rule


@transaction.atomic
def constraint_rule_remove(*, region, pk: int) -> None:
    """Delete one of the region's rules; an id it has not removes nothing."""
    ConstraintRule.objects.filter(region=region, pk=pk).delete()


def adjusted_lines(scenario: RumpunSet, budget: Budget) -> list[Line]:
    """The budget's lines with the scenario's adjustments applied, in order."""
    lines = budget_lines(budget)
    where = partition(scenario)
    for adjustment in scenario.adjustments.all():
        hit = [line for line in lines if _applies(adjustment, line, where)]
        base = sum((line.amount for line in hit), Decimal(0))
        for line in hit:
            if adjustment.percent is not None:
                change = line.amount * adjustment.percent / 100
            else:  # an amount spread over the scope in proportion to each line
                change = adjustment.amount * line.amount / base if base else Decimal(0)
            line.amount = max(Decimal(0), (line.amount + change).quantize(CENT))
    return lines


def _applies(adjustment: Adjustment, line: Line, where: dict[int, int]) -> bool:
    match adjustment.scope:
        case AdjustmentScope.LINE:
            return str(line.pk) == adjustment.target
        case AdjustmentScope.SUB_KEGIATAN:
            return line.sub_kegiatan == adjustment.target
        case AdjustmentScope.AGENCY:
            return str(line.agency) == adjustment.target
        case AdjustmentScope.RUMPUN:
            return str(where.get(line.agency)) == adjustment.target
        case AdjustmentScope.AKUN_GROUP:
            return akun_group(line.akun) == adjustment.target
        case AdjustmentScope.TAG:
            return adjustment.target in line.tags
    return False


@dataclass
class Breach:
    rule: ConstraintRule
    share: float  # percent


@dataclass
class Evaluation:
    rumpun_set: RumpunSet
    total: Decimal
    modularity: float
    rumpun: list  # RumpunBudget, in order
    akun_shares: dict[str, float]  # percent of the total
    breaches: list[Breach]


def evaluate(rumpun_set: RumpunSet, budget: Budget) -> Evaluation:
    lines = (
        adjusted_lines(rumpun_set, budget)
        if rumpun_set.kind == SetKind.SCENARIO
        else (budget_lines(budget))
    )
    total = sum((line.amount for line in lines), Decimal(0))
    by_akun: dict[str, Decimal] = {}
    for line in lines:
        group = akun_group(line.akun)
        by_akun[group] = by_akun.get(group, Decimal(0)) + line.amount
    shares = {
        group: float(amount * 100 / total) if total else 0.0 for group, amount in by_akun.items()
    }
    breaches = [
        Breach(rule, shares.get(rule.akun_group, 0.0))
        for rule in ConstraintRule.objects.filter(region=budget.region, active=True)
        if shares.get(rule.akun_group, 0.0) > float(rule.max_share)
    ]
    _measures, score = synergy(rumpun_set, budget, lines)
    return Evaluation(
        rumpun_set=rumpun_set,
        total=total,
        modularity=score,
        rumpun=budget_by_rumpun(rumpun_set, budget, lines),
        akun_shares=shares,
        breaches=breaches,
    )


def compare(sets: list[RumpunSet], budget: Budget) -> list[tuple[Evaluation, dict]]:
    """Two to four sets side by side; each with its differences from the first."""
    if not 2 <= len(sets) <= 4:
        raise ValidationError(_("Compare two to four sets."))
    evaluations = [evaluate(s, budget) for s in sets]
    first = evaluations[0]
    return [
        (
            evaluation,
            {
                "total": evaluation.total - first.total,
                "modularity": evaluation.modularity - first.modularity,
                "akun_shares": {
                    group: evaluation.akun_shares.get(group, 0.0)
                    - first.akun_shares.get(group, 0.0)
                    for group in sorted(set(first.akun_shares) | set(evaluation.akun_shares))
                },
            },
        )
        for evaluation in evaluations
    ]
