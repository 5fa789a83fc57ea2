"""The values a CloudFormation expression can take while it is evaluated, and how they become ``iac.Value``s.

They are the shared ``agentcore_cmk.iac_candidates.Candidate``s: ``value`` is a string (holes for outside inputs,
``iac.hole``), None (null), a tuple of candidates (a list, each element with its own origin), a ``Repeated`` (a
list a deployer passes to a list parameter: any number of elements, each one of a set), or a ``Named`` symbol for
what is not a known string (a key resource, an outside input, an unknown, a value not evaluated).
``origin`` lists where the value came from, for the reason.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass
from typing import Any, Iterable, Optional

from agentcore_cmk import iac, iac_candidates
from agentcore_cmk.iac import MAX_VALUES, Kind, Value
from agentcore_cmk.iac_candidates import Candidate, Symbol

NOT_AN_ARN = ("the property expects a key ARN and the deployment may reject {what}; "
              "the key itself is customer-managed")
_DYNAMIC_REFERENCE = re.compile(r"\{\{resolve:[^}]*\}\}")
_CUSTOMER_ALIAS_NAME = re.compile(r"^alias/(?!aws/)\S+$")
_HOLE_MARK = iac.hole("")[0]


@dataclass(frozen=True)
class Named(Symbol):
    """A symbol as CloudFormation shows it: ``label`` inside a built string (a parameter's name, not its
    description), ``where`` in the reason only when the symbol is the whole value."""

    label: str = ""
    where: str = ""


@dataclass(frozen=True)
class Repeated:
    """A list parameter's value as a deployer may pass it: one or more elements, each any of ``elements`` (a blank
    value is the list ``[""]``, so it is among them only when its constraints allow ``""``)."""

    elements: tuple[Candidate, ...]


def via(candidate: Candidate, *origins: str) -> Candidate:
    """The candidate, also coming from ``origins`` (each named once)."""
    text, known = candidate.origin, None
    for origin in origins:
        if not origin:
            continue
        if origin in text:  # maybe named already: compare whole entries (an origin may sit inside another)
            known = known if known is not None else set(text.split(", "))
            if origin in known:
                continue
        text = f"{text}, {origin}" if text else origin
        if known is not None:
            known.add(origin)
    return candidate if text == candidate.origin else Candidate(candidate.value, text)


def opaque(value: Value, label: str = "") -> Candidate:
    return Candidate(Named(value.kind, value.text, value.note, label or value.text, value.origin))


def is_symbol(candidate: Candidate, *kinds: Kind) -> bool:
    return isinstance(candidate.value, Symbol) and (not kinds or candidate.value.kind in kinds)


def unknown(what: str, origin: str = "") -> list[Candidate]:
    return [opaque(iac.unknown(what, origin))]


def has_hole(text: str) -> bool:
    return _HOLE_MARK in text


def known_text(term: Candidate) -> Optional[str]:
    """The candidate's string when the template decides all of it."""
    if isinstance(term.value, str) and not has_hole(term.value):
        return term.value
    return None


def scalar(value: Any) -> Any:
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, (int, float)):
        return str(value)
    return value


def from_string(text: str) -> Candidate:
    """A string as written; a dynamic reference ``{{resolve:...}}`` in it is an outside input."""
    references = _DYNAMIC_REFERENCE.findall(text)
    if not references:
        return Candidate(text)
    if len(references) == 1 and text.strip() == references[0]:
        return opaque(iac.outside(f"the dynamic reference {references[0]}"), references[0])
    return Candidate(_DYNAMIC_REFERENCE.sub(lambda match: iac.hole(match.group(0)), text))


def as_text(term: Candidate) -> str:
    """The candidate as text inside a built string or a reason: outside inputs and resources as holes."""
    value = term.value
    if value is None or (isinstance(value, Symbol) and value.kind is Kind.ABSENT):
        return ""
    if isinstance(value, Symbol):
        return iac.hole(getattr(value, "label", "") or value.text)
    if isinstance(value, tuple):
        return ",".join(as_text(item) for item in value)
    if isinstance(value, Repeated):
        return _repeated_text(value)
    return value


def _repeated_text(value: Repeated) -> str:
    return "a list of any of " + repr([as_text(item) for item in value.elements])


def flat(term: Candidate) -> Any:
    """A string or a tuple of strings when the template decides the whole candidate, else None."""
    if isinstance(term.value, str):
        return term.value
    if isinstance(term.value, tuple):
        items = tuple(flat(item) for item in term.value)
        return None if None in items else items
    return None


def as_list(items: tuple[Candidate, ...]) -> Candidate:
    return Candidate(tuple(items))


def concatenate(terms: Iterable[Candidate], delimiter: str) -> Candidate:
    """The string a Fn::Sub or Fn::Join builds; outside inputs become holes, an unknown part makes it unknown."""
    terms = list(terms)
    if len(terms) == 1:
        return terms[0]
    origins = list(dict.fromkeys(origin for term in terms if term.origin for origin in term.origin.split(", ")))
    for term in terms:
        if is_symbol(term, Kind.UNKNOWN, Kind.NOT_EVALUATED):
            return via(term, *origins)
    return Candidate(delimiter.join(as_text(term) for term in terms), ", ".join(origins))


def product(choices: list[list[Candidate]]) -> list[tuple[Candidate, ...]]:
    """Every combination of one term per choice, at most MAX_VALUES of them."""
    combinations = list(itertools.islice(itertools.product(*choices), MAX_VALUES + 1))
    if len(combinations) > MAX_VALUES:
        return combinations[:MAX_VALUES - 1] + [(_capped_marker(),) * len(choices)]
    return combinations


def _capped_marker() -> Candidate:
    """The values past the limit, kept as one value that fails: any of them could be the one that is not a key."""
    return opaque(iac.not_evaluated(f"it can take more than {MAX_VALUES} values (branches, AllowedValues and "
                                    f"Mappings entries multiply), and only {MAX_VALUES - 1} were judged"))


def capped(terms: list[Candidate]) -> list[Candidate]:
    terms = list(dict.fromkeys(terms))
    return terms if len(terms) <= MAX_VALUES else terms[:MAX_VALUES - 1] + [_capped_marker()]


def to_value(term: Candidate) -> Value:
    """The ``iac.Value`` judged: a list shown as written, a null without "null", an alias name with its note."""
    value, origin = term.value, term.origin
    if value is None:
        return iac.absent("", origin)
    if isinstance(value, Symbol):
        where = getattr(value, "where", "")
        return iac_candidates.to_value(Candidate(value, ", ".join(filter(None, (where, origin)))))
    if isinstance(value, tuple):
        return iac.literal(repr([as_text(item) for item in value]), origin)
    if isinstance(value, Repeated):
        return iac.literal(_repeated_text(value), origin)
    note = NOT_AN_ARN.format(what="an alias name") if _CUSTOMER_ALIAS_NAME.match(value.strip()) else ""
    return iac.literal(value, origin, note)
