"""Parameter domains: the values a template parameter can take, and why.

One rule, as for Terraform variables: a value the files give decides. That is a value a parameter file of the scan
gives (``parameter_files.py``), else the parameter's ``Default``; CloudFormation rejects a value its constraints do
not admit, so a given value or default they reject decides nothing. A parameter the files leave to the deployer
(no value given, no default) can take what its constraints admit: each of its ``AllowedValues`` (each element of a
list parameter is any of them, ``terms.Repeated``) and what its ``AllowedPattern`` admits (``patterns.py``);
without constraints it is an outside input. An SSM parameter type is an outside input whatever its default (the
default is the parameter's name, not its value).
"""

from __future__ import annotations

import functools
from typing import Any, Callable, Mapping, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac_candidates import Candidate

from agentcore_cmk_checkov.engine.cloudformation.patterns import AllowedPattern
from agentcore_cmk_checkov.engine.cloudformation.terms import (
    MAX_VALUES,
    Repeated,
    as_text,
    capped,
    from_string,
    opaque,
    scalar,
    unknown,
    via,
)

#: How the origins of a parameter's values begin (the condition solver reads them to say what decided a condition).
DEFAULT_ORIGIN = "the default of parameter "
GIVEN_ORIGIN = "the value given to parameter "
ALLOWED_ORIGIN = "one of the AllowedValues of parameter "
PATTERN_ORIGIN = "the AllowedPattern "


class ParameterDomains:
    """The Parameters of one template, with the values the scan's parameter files give them."""

    def __init__(self, parameters: dict, at: Callable[[Any], str], given: Optional[Mapping[str, tuple[str, str]]] = None,
                 passed: Optional[Mapping[str, list[Candidate]]] = None, unreadable: tuple[tuple[str, str], ...] = ()):
        self.parameters = parameters
        self.at = at  # " at file:line" for a node
        self.given = dict(given or {})  # parameter name -> (value, the file that gives it)
        self.passed = dict(passed or {})  # parameter name -> the values a parent stack passes (a nested stack's)
        self.unreadable = unreadable  # (file, why) for each parameter file of the scan that could not be read
        self._values: dict[str, list[Candidate]] = {}

    def values(self, name: str) -> list[Candidate]:
        """What parameter ``name`` can take; worked out once per template, whichever resource refers to it."""
        if name not in self._values:
            self._values[name] = self._declared(name, self.parameters[name])
        return self._values[name]

    def _declared(self, name: str, parameter: Any) -> list[Candidate]:
        where = self.at(parameter)
        if not isinstance(parameter, dict):
            return unknown(f"parameter {name}", "its declaration is not a mapping")
        kind = str(parameter.get("Type", ""))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            path = f" {scalar(parameter['Default'])}" if "Default" in parameter else ""
            if name in self.given:
                path = f" {self.given[name][0]} (given in {self.given[name][1]})"
            return [opaque(iac.outside(f"the SSM parameter{path} (template parameter {name}{where})"), name)]
        is_list = kind == "CommaDelimitedList" or kind.startswith("List<")
        pattern = _allowed_pattern(parameter, kind)
        allowed = parameter.get("AllowedValues")
        allowed = [_text(value) for value in allowed] if isinstance(allowed, list) else []
        if pattern is not None and not pattern.readable and not allowed:  # AllowedValues alone bound the values
            return [opaque(iac.not_evaluated(f"the AllowedPattern '{pattern.text}' of parameter {name}{where} is not "
                                             f"read: {pattern.why_not}"), name)]
        admits = pattern.admits if pattern is not None else (lambda value: True)

        def deployable(value: Candidate) -> bool:
            """CloudFormation rejects a value its constraints do not admit (a list's elements each)."""
            items = value.value if is_list else (value,)
            return all(admits(as_text(item)) for item in items) and (
                not allowed or all(as_text(item) in allowed for item in items))

        if name in self.passed:  # a nested stack's parameter: what the parent stack passes decides
            return [via(term, f"passed to parameter {name}{where} by the parent stack") for term in self.passed[name]]
        if name in self.given:  # a value a parameter file of the scan gives decides
            text, file_name = self.given[name]
            value = _parameter_value(text, is_list)
            if not deployable(value):
                return unknown(f"parameter {name}", f"the value {text!r} {file_name} gives it is not one its "
                                                    f"AllowedValues or AllowedPattern admit, so CloudFormation "
                                                    f"rejects the stack{where}")
            return [via(value, f"{GIVEN_ORIGIN}{name} in {file_name}")]
        if self.unreadable:  # the scan was asked to judge with values it could not see
            file_name, why = self.unreadable[0]
            return [opaque(iac.not_evaluated(f"parameter {name}{where} may take its value from the parameter file "
                                             f"{file_name}, which could not be read ({why})"), name)]
        if "Default" in parameter:  # a value the template gives decides
            default = _parameter_value(scalar(parameter["Default"]), is_list)
            if deployable(default):
                return [via(default, f"{DEFAULT_ORIGIN}{name}{where}")]
        # Left to the deployer: what the constraints admit.
        if allowed:
            return self._allowed_values(name, where, allowed, admits, is_list, pattern)
        if pattern is not None:  # an outside input the pattern narrows
            rejected = _text(parameter["Default"]) if "Default" in parameter else None
            values = self._pattern_values(name, where, pattern, rejected)
            return [Candidate(Repeated(tuple(values)))] if is_list else values
        return [opaque(iac.outside(f"template parameter {name}, which has no default", f"declared{where}"), name)]

    def _allowed_values(self, name: str, where: str, allowed: list[str], admits: Callable[[str], bool], is_list: bool,
                        pattern: Optional[AllowedPattern]) -> list[Candidate]:
        """Each allowed value is a value the parameter can take, and each element of a list parameter is any of them."""
        origin = f"{ALLOWED_ORIGIN}{name}{where}"
        judged = list(dict.fromkeys(allowed))
        past = len(judged) > MAX_VALUES  # matching each against a pattern costs: the values past the cap are one
        admitted = [via(from_string(value), origin) for value in judged[:MAX_VALUES - 1 if past else None]
                    if admits(value)]
        if past:
            admitted.append(opaque(iac.not_evaluated(f"parameter {name}{where} allows {len(judged)} values, more "
                                                     f"than {MAX_VALUES}, and only {MAX_VALUES - 1} were judged")))
        if not admitted and pattern is not None:
            return unknown(f"parameter {name}", f"none of its AllowedValues matches its AllowedPattern "
                                                f"'{pattern.text}', so CloudFormation accepts no value{where}")
        if is_list:
            return [Candidate(Repeated(tuple(admitted)))]
        return capped(admitted)

    def _pattern_values(self, name: str, where: str, pattern: AllowedPattern,
                        rejected: Optional[str]) -> list[Candidate]:
        """The values a parameter without default (or whose default the pattern rejects) or AllowedValues can take:
        what its AllowedPattern admits."""
        shown = f"the AllowedPattern '{pattern.text}' of parameter {name}{where}"
        admitted = pattern.admitted
        if admitted.why_not:
            return [opaque(iac.not_evaluated(f"{shown} is not read: {admitted.why_not}"), name)]
        if admitted.finite:
            count = len(admitted.values)
            origin = f"the only value {shown} admits" if count == 1 else f"one of the {count} values {shown} admits"
        else:
            origin = f"a value {shown} admits"
        terms = [via(from_string(value), origin) for value in admitted.values]
        subject = "it" if admitted.alternatives == 1 else "one of its alternatives"
        terms += [via(from_string(value), f"a value {shown} admits; {subject} {why}") for value, why in admitted.failing]
        if admitted.customer_example is not None:
            has = "which has no default" if rejected is None else f"whose default {rejected!r} the pattern rejects"
            terms.append(opaque(iac.outside(f"template parameter {name}, {has}; its AllowedPattern '{pattern.text}' "
                                            f"does not rule out a customer-managed key", f"declared{where}"), name))
        return capped(terms) or unknown(f"parameter {name}", f"{shown} admits no value, so CloudFormation accepts none")


def _parameter_value(value: Any, is_list: bool) -> Candidate:
    """A value as CloudFormation reads it: a list parameter's is split on commas, each element space trimmed."""
    if is_list:
        items = value if isinstance(value, list) else str(value or "").split(",")
        return Candidate(tuple(from_string(_text(item).strip()) for item in items))
    return from_string(_text(value))


def _text(value: Any) -> str:
    value = scalar(value)
    return "" if value is None else str(value)


def _allowed_pattern(parameter: dict, kind: str) -> Optional[AllowedPattern]:
    """The parameter's AllowedPattern (None when it has none, or is a Number, which the pattern does not apply to)."""
    text = scalar(parameter.get("AllowedPattern"))
    if not isinstance(text, str) or kind in ("Number", "List<Number>"):
        return None
    return _read_pattern(str.__str__(text))


@functools.lru_cache(maxsize=256)
def _read_pattern(text: str) -> AllowedPattern:
    """A pattern many parameters or templates share is compiled and analysed once."""
    return AllowedPattern(text)
