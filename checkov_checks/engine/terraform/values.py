"""The values a Terraform expression can take while it is evaluated, and their translation into ``iac.Value``s.

The candidate type is shared by every language (``agentcore_cmk.iac_candidates``); this module adds Terraform's
operators, truth and templates over it.
"""

from __future__ import annotations

from typing import Any

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_VALUES, Kind
from agentcore_cmk.iac_candidates import (  # noqa: F401 (the evaluator's vocabulary, shared by every language)
    Candidate, Failure, Symbol, is_open, is_unsettled, shown, stopped, to_value, undecided,
)

KEY_ID_NOTE = "it is a key id where the attribute expects a key ARN, which the service may reject at deployment"
ALIAS_NOTE = "it is an alias where the attribute expects a key ARN, which the service may reject at deployment"
to_iac = to_value


def capped(found: list, origin: str) -> list:
    """At most ``MAX_VALUES`` different values (the same value reached twice counts once, with its first origin);
    past that the rest is one value that was not evaluated, never dropped."""
    if len(found) <= MAX_VALUES:
        return found
    distinct: dict = {}
    for candidate in found:
        distinct.setdefault(_identity(candidate.value), candidate)
    if len(distinct) <= MAX_VALUES:
        return list(distinct.values())
    return list(distinct.values())[:MAX_VALUES] + [stopped(f"it can take more than {MAX_VALUES} values", origin)]


def _identity(value: Any):
    if isinstance(value, (list, dict)):
        return (type(value).__name__, id(value)) if getattr(value, "described", None) else (type(value).__name__, shown(value))
    try:
        hash(value)
    except TypeError:
        return (type(value).__name__, id(value))
    return (type(value).__name__, value)


def truth(value: Any):
    """True or False when a condition's value is decided, else None."""
    if isinstance(value, bool):
        return value
    if value in ("true", "false"):
        return value == "true"
    return None


def equal(left: Any, right: Any):
    """Terraform's == on two candidates: True, False, or None when the files do not decide it."""
    for one, other in ((left, right), (right, left)):
        if isinstance(one, Symbol) and one.kind is Kind.KEY_RESOURCE and (other is None or other == ""):
            return False  # a key resource's ARN is never null or empty
    if is_open(left) or is_open(right) or _is_object(left) or _is_object(right):
        return None
    if isinstance(left, bool) != isinstance(right, bool):
        return False
    return left == right


def _is_object(value: Any) -> bool:
    return not isinstance(value, (type(None), bool, int, float, str, list, dict))


def number(value: Any):
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return value
    if isinstance(value, str):
        try:
            return int(value)
        except ValueError:
            try:
                return float(value)
            except ValueError:
                return None
    return None


def as_text(value: Any):
    """A value inside a template: its text, a hole for an outside input, or None when it cannot be shown."""
    if isinstance(value, str):
        return value
    if value is None:
        return ""  # Terraform rejects null in a template; as text it is nothing, so a built ARN shows its gap
    if isinstance(value, bool) or isinstance(value, (int, float)):
        return shown(value)
    if isinstance(value, Symbol) and value.kind in (Kind.OUTSIDE, Kind.KEY_RESOURCE):
        return iac.hole(value.text)
    return None


def telling_origin(combination, fallback: str) -> str:
    """Where a value built from parts came from: the part that leaves it empty, else an open part, else any."""
    for wanted in (lambda value: value is None or value == "", lambda value: isinstance(value, Symbol), lambda value: True):
        found = next((c.origin for c in combination if c.origin and wanted(c.value)), None)
        if found:
            return found
    return fallback


def operate(operator: str, left: Any, right: Any) -> Any:
    if operator in ("==", "!="):
        same = equal(left, right)
        return Symbol(Kind.UNKNOWN, f"{shown(left)} {operator} {shown(right)}") if same is None else same == (operator == "==")
    if operator in ("&&", "||"):
        first, second = truth(left), truth(right)
        decisive = operator == "||"
        if first is decisive or second is decisive:
            return decisive
        if first is None or second is None:
            return Symbol(Kind.UNKNOWN, f"{shown(left)} {operator} {shown(right)}")
        return not decisive
    first, second = number(left), number(right)
    if first is None or second is None:
        return Symbol(Kind.UNKNOWN, f"{shown(left)} {operator} {shown(right)}")
    try:
        return {"<": first < second, ">": first > second, "<=": first <= second, ">=": first >= second,
                "+": first + second, "-": first - second, "*": first * second,
                "/": first / second if second else Failure("a division by zero"),
                "%": first % second if second else Failure("a division by zero")}[operator]
    except KeyError:
        return Symbol(Kind.UNKNOWN, f"the operator {operator}")
