"""The values a CloudFormation expression can take while it is evaluated, and how they become ``iac.Value``s.

A ``Term`` is one such value with where it came from. Strings may hold holes for outside inputs (``iac.hole``);
what is not a known string (a key resource, an outside input, an unknown) travels as an ``iac.Value``.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_VALUES, Kind, Value

NOT_AN_ARN = ("the property expects a key ARN and the deployment may reject {what}; "
              "the key itself is customer-managed")
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:[^}]*\}\}")
_CUSTOMER_ALIAS_NAME = re.compile(r"^alias/(?!aws/)\S+$")
_HOLE_MARK = iac.hole("")[0]


@dataclass(frozen=True)
class Term:
    """One value an expression can take during evaluation.

    ``data`` is a string (holes for outside inputs), None (null), a tuple of Terms (a list), or an ``iac.Value`` for
    what is not a known string: a key resource, an outside input, an unknown. ``label`` names it inside a built string.
    """

    data: Any
    origins: tuple[str, ...] = ()
    label: str = ""

    def via(self, *origins: str) -> "Term":
        added = tuple(origin for origin in origins if origin and origin not in self.origins)
        return Term(self.data, self.origins + added, self.label)


def opaque(value: Value, label: str = "") -> Term:
    return Term(value, (), label or value.text)


def unknown(what: str, origin: str = "") -> list[Term]:
    return [opaque(iac.unknown(what, origin))]


def has_hole(text: str) -> bool:
    return _HOLE_MARK in text


def known_text(term: Term) -> Optional[str]:
    """The term's string when the template decides all of it."""
    if isinstance(term.data, str) and not has_hole(term.data):
        return term.data
    return None


def scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def from_string(text: str) -> Term:
    """A string as written; a dynamic reference ``{{resolve:...}}`` in it is an outside input."""
    references = _DYNAMIC_REFERENCE.findall(text)
    if not references:
        return Term(text)
    if len(references) == 1 and text.strip() == references[0]:
        return opaque(iac.outside(f"the dynamic reference {references[0]}"), references[0])
    return Term(_DYNAMIC_REFERENCE.sub(lambda match: iac.hole(match.group(0)), text))


def as_text(term: Term) -> str:
    """The term as text inside a built string or a reason: outside inputs and resources as holes."""
    data = term.data
    if data is None or (isinstance(data, Value) and data.kind is Kind.ABSENT):
        return ""
    if isinstance(data, Value):
        return iac.hole(term.label or data.text)
    if isinstance(data, tuple):
        return ",".join(as_text(item) for item in data)
    return data


def flat(term: Term) -> Any:
    """A string or a tuple of strings when the template decides the whole term, else None."""
    if isinstance(term.data, str):
        return term.data
    if isinstance(term.data, tuple):
        items = tuple(flat(item) for item in term.data)
        return None if None in items else items
    return None


def as_list(items: tuple[Term, ...]) -> Term:
    return Term(tuple(items))


def concatenate(terms: Iterable[Term], delimiter: str) -> Term:
    """The string a Fn::Sub or Fn::Join builds; outside inputs become holes, an unknown part makes it unknown."""
    terms = list(terms)
    if len(terms) == 1:
        return terms[0]
    origins = tuple(dict.fromkeys(origin for term in terms for origin in term.origins))
    for term in terms:
        if isinstance(term.data, Value) and term.data.kind in (Kind.UNKNOWN, Kind.NOT_EVALUATED):
            return term.via(*origins)
    return Term(delimiter.join(as_text(term) for term in terms), origins)


def product(choices: list[list[Term]]) -> list[tuple[Term, ...]]:
    """Every combination of one term per choice, at most MAX_VALUES of them."""
    combinations = list(itertools.islice(itertools.product(*choices), MAX_VALUES + 1))
    if len(combinations) > MAX_VALUES:
        return combinations[:MAX_VALUES - 1] + [(_capped_marker(),) * len(choices)]
    return combinations


def _capped_marker() -> Term:
    """The values past the limit, kept as one value that fails: any of them could be the one that is not a key."""
    return opaque(iac.not_evaluated(f"it can take more than {MAX_VALUES} values (branches, AllowedValues and "
                                    f"Mappings entries multiply), and only {MAX_VALUES - 1} were judged"))


def capped(terms: list[Term]) -> list[Term]:
    terms = list(dict.fromkeys(terms))
    return terms if len(terms) <= MAX_VALUES else terms[:MAX_VALUES - 1] + [_capped_marker()]


def to_value(term: Term) -> Value:
    origin = ", ".join(term.origins)
    data = term.data
    if data is None:
        return iac.absent("", origin)
    if isinstance(data, Value):
        return Value(data.kind, data.text, ", ".join(filter(None, (data.origin, origin))), data.note)
    if isinstance(data, tuple):
        return iac.literal(repr([as_text(item) for item in data]), origin)
    note = NOT_AN_ARN.format(what="an alias name") if _CUSTOMER_ALIAS_NAME.match(data.strip()) else ""
    return iac.literal(data, origin, note)
