"""Fee formulas over form fields, evaluated safely with Decimal (never `eval`).

A formula is an arithmetic expression: numbers, the keys of numeric form fields, `+ - * /`,
parentheses, `min(...)`, `max(...)`, and table look-ups `table[choice_field]` where the
table is one of the service's tariff tables, keyed by the codes of a choice field.
Example for an advertisement: `luas_m2 * lama_hari * tarif_lokasi[kelas_lokasi]`.
"""

import ast
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, DivisionByZero, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

_OPERATORS = {
    ast.Add: lambda a, b: a + b,
    ast.Sub: lambda a, b: a - b,
    ast.Mult: lambda a, b: a * b,
    ast.Div: lambda a, b: a / b,
}
_FUNCTIONS = {"min": min, "max": max}
_ALLOWED_NODES = (
    ast.Expression,
    ast.BinOp,
    ast.UnaryOp,
    ast.Constant,
    ast.Name,
    ast.Load,
    ast.Subscript,
    ast.Call,
    ast.USub,
    ast.UAdd,
    *_OPERATORS,
)
_SYMBOLS = {ast.Add: "+", ast.Sub: "−", ast.Mult: "×", ast.Div: ":"}


def _error(message: str, **params) -> ValidationError:
    return ValidationError(message, code="fee_formula", params=params or None)


@dataclass(frozen=True)
class FeeFormula:
    """A parsed formula, with the names it reads."""

    source: str
    tree: ast.Expression

    @classmethod
    def parse(cls, source: str) -> "FeeFormula":
        try:
            tree = ast.parse(source.strip(), mode="eval")
        except SyntaxError:
            raise _error(_("The fee formula cannot be read: %(formula)s"), formula=source) from None
        for node in ast.walk(tree):
            if not isinstance(node, _ALLOWED_NODES):
                raise _error(
                    _("The fee formula may use only numbers, field names, + - * / and brackets.")
                )
            if isinstance(node, ast.Constant) and (
                isinstance(node.value, bool) or not isinstance(node.value, int | float)
            ):
                raise _error(
                    _("The fee formula may use only numbers, not %(value)s."), value=node.value
                )
            if isinstance(node, ast.Call) and not (
                isinstance(node.func, ast.Name)
                and node.func.id in _FUNCTIONS
                and not node.keywords
                and len(node.args) >= 2
            ):
                raise _error(_("The fee formula may call only min(a, b, …) and max(a, b, …)."))
            if isinstance(node, ast.Subscript) and not (
                isinstance(node.value, ast.Name) and isinstance(node.slice, ast.Name)
            ):
                raise _error(_("A tariff look-up is written table[choice_field]."))
        return cls(source=source.strip(), tree=tree)

    def field_names(self) -> set[str]:
        """Names used as numbers (not function or table names)."""
        tables = self.lookups()
        functions = {node.func.id for node in ast.walk(self.tree) if isinstance(node, ast.Call)}
        names = {node.id for node in ast.walk(self.tree) if isinstance(node, ast.Name)}
        return names - set(tables) - functions - set(tables.values())

    def lookups(self) -> dict[str, str]:
        """Table look-ups as {table: choice field}."""
        return {
            node.value.id: node.slice.id
            for node in ast.walk(self.tree)
            if isinstance(node, ast.Subscript)
        }

    def evaluate(
        self, values: Mapping[str, Decimal | int | str], tables: Mapping[str, Mapping]
    ) -> int:
        """The fee in whole rupiah, rounded half up."""
        try:
            result = self._eval(self.tree.body, values, tables)
        except (ZeroDivisionError, DivisionByZero, InvalidOperation):
            raise _error(_("The fee formula divides by zero.")) from None
        if result < 0:
            raise _error(_("The fee formula gives a negative amount."))
        return int(result.quantize(Decimal(1), rounding=ROUND_HALF_UP))

    def _eval(self, node: ast.AST, values, tables) -> Decimal:
        match node:
            case ast.Constant(value=value):
                return Decimal(str(value))
            case ast.Name(id=name):
                if name not in values or values[name] in (None, ""):
                    raise _error(_("The fee formula needs the field %(name)s."), name=name)
                return Decimal(values[name])
            case ast.BinOp(left=left, op=op, right=right):
                return _OPERATORS[type(op)](
                    self._eval(left, values, tables), self._eval(right, values, tables)
                )
            case ast.UnaryOp(op=ast.USub(), operand=operand):
                return -self._eval(operand, values, tables)
            case ast.UnaryOp(op=ast.UAdd(), operand=operand):
                return self._eval(operand, values, tables)
            case ast.Call(func=ast.Name(id=function), args=args):
                return _FUNCTIONS[function](self._eval(arg, values, tables) for arg in args)
            case ast.Subscript(value=ast.Name(id=table), slice=ast.Name(id=field)):
                key = values.get(field)
                try:
                    return Decimal(str(tables[table][key]))
                except KeyError:
                    raise _error(
                        _("The tariff table %(table)s has no entry for %(key)s."),
                        table=table,
                        key=key,
                    ) from None
        raise _error(_("The fee formula cannot be read: %(formula)s"), formula=self.source)

    def describe(self, labels: Mapping[str, str]) -> str:
        """The formula in words for the public page: `Luas (m²) × Lama (hari) × Tarif`."""

        def words(node: ast.AST, parent_precedence: int = 0) -> str:
            match node:
                case ast.Constant(value=value):
                    return str(value).replace(".", ",")
                case ast.Name(id=name):
                    return labels.get(name, name)
                case ast.Subscript(value=ast.Name(id=table), slice=ast.Name(id=field)):
                    return f"{labels.get(table, table)} ({labels.get(field, field)})"
                case ast.UnaryOp(operand=operand):
                    return "−" + words(operand, 3)
                case ast.Call(func=ast.Name(id=function), args=args):
                    inner = "; ".join(words(arg) for arg in args)
                    name = _("the lowest of") if function == "min" else _("the highest of")
                    return f"{name} ({inner})"
                case ast.BinOp(left=left, op=op, right=right):
                    precedence = 1 if isinstance(op, ast.Add | ast.Sub) else 2
                    text = (
                        f"{words(left, precedence)} {_SYMBOLS[type(op)]} "
                        f"{words(right, precedence + 1)}"
                    )
                    return f"({text})" if precedence < parent_precedence else text
            return ""

        return words(self.tree.body)
