"""The values an IaC expression can take while it is evaluated: one candidate type for every language.

Terraform HCL, ``.tf.json``, plan JSON and CloudFormation evaluators all carry ``Candidate``s. A candidate's
``value`` is a plain value (None for null, bool, int/float, str, list, dict) or what the files do not decide:

* ``Symbol``: a key resource, an outside input, an unknown value or one that was not evaluated (``iac.Kind``);
* ``Failure``: an evaluation error that a language may catch (Terraform's ``try``/``can``); no verdict passes on it.

A string may hold holes for outside inputs (``iac.hole``). ``origin`` says where the value came from, for the
reason. ``to_value`` turns a candidate into the ``iac.Value`` that ``iac.judge_values`` judges.
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from typing import Any

from . import iac
from .iac import Kind


@dataclass(frozen=True)
class Symbol:
    """A value the files do not decide: its kind, its text for the reason, and a note for the user."""

    kind: Kind
    text: str
    note: str = ""


@dataclass(frozen=True)
class Failure:
    """An evaluation error (a missing attribute, a bad argument): a language's error handling sees it."""

    text: str


@dataclass(frozen=True)
class Candidate:
    value: Any
    origin: str = ""
    #: for a list or dict built from several candidates: the candidate of each element (a tuple or a dict), so an
    #: element taken out again keeps where it came from
    parts: Any = field(default=None, compare=False, repr=False)


def undecided(text: str, origin: str = "") -> Candidate:
    """A value the evaluator cannot work out: ``text`` names what."""
    return Candidate(Symbol(Kind.UNKNOWN, text), origin)


def stopped(why: str, origin: str = "") -> Candidate:
    """A value the evaluator stopped working out (a limit, a cycle): ``why`` says which."""
    return Candidate(Symbol(Kind.NOT_EVALUATED, why), origin)


def outside_input(text: str, origin: str = "") -> Candidate:
    return Candidate(Symbol(Kind.OUTSIDE, text), origin)


def key_resource(text: str, origin: str = "", note: str = "") -> Candidate:
    return Candidate(Symbol(Kind.KEY_RESOURCE, text, note), origin)


def is_open(value: Any) -> bool:
    """A value whose content the files do not decide (a symbol, a failure, a string with holes)."""
    return isinstance(value, (Symbol, Failure)) or (isinstance(value, str) and iac.has_hole(value))


def is_unsettled(value: Any) -> bool:
    """A value no verdict may pass on and no condition may be decided by: unknown, not evaluated or a failure."""
    return isinstance(value, Failure) or (isinstance(value, Symbol) and value.kind in (Kind.UNKNOWN, Kind.NOT_EVALUATED))


def shown(value: Any) -> str:
    """A plain value as Terraform would write it (JSON for collections)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (Symbol, Failure)):
        return value.text
    described = getattr(value, "described", None)
    if isinstance(described, str):  # a language's own object (a resource's instances, a module): its description
        return described
    if isinstance(value, (list, dict)):
        try:
            return json.dumps(value, default=shown)
        except (TypeError, ValueError):
            return repr(value)
    return value if isinstance(value, str) else str(value)


def to_value(candidate: Candidate) -> iac.Value:
    """The ``iac.Value`` a verdict is made of."""
    value, origin = candidate.value, candidate.origin
    if value is None:
        return iac.absent("null", origin)
    if isinstance(value, Symbol):
        return iac.Value(value.kind, value.text, origin, value.note)
    if isinstance(value, Failure):
        return iac.unknown(value.text, origin)
    if isinstance(value, str):
        return iac.literal(value, origin)
    described = getattr(value, "described", None)
    if described is not None:  # a language's own object left unresolved (e.g. a whole Terraform module)
        return iac.literal(described, origin)
    return iac.literal(shown(value), origin)
