"""Which values a CloudFormation property can take: an evaluator over the template mapping.

The template decides what it can: a parameter with a default has that value, Conditions over defaults are true or
false, Mappings are looked up. A condition the template decides selects its ``Fn::If`` branch and the other branch
does not matter; a condition on an outside input (a parameter without default, a pseudo parameter) is undecided, and
every branch is a value the property can take. Values the template leaves open (a parameter without default, an SSM
parameter type, ``Fn::ImportValue``, ``{{resolve:...}}``, a nested stack's output, pseudo parameters) are outside
inputs; inside a built string they are holes (``agentcore_cmk.iac.hole``), so ``!Sub ...:key/${KeyId}`` with an
empty ``KeyId`` default is judged on the ``...:key/`` it builds. A parameter's constraints say what a deployer may
pass instead: each of its ``AllowedValues`` (each element of a list parameter is any of them, ``terms.Repeated``)
and what its ``AllowedPattern`` admits (``patterns.py``); a default they reject is not a value. A function the
evaluator does not know gives an unknown value that names it, never an exception.
"""

from __future__ import annotations

import functools
import itertools
import os
import re
from dataclasses import dataclass
from typing import Any, Iterable, Iterator, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_DEPTH, LimitReached, Value, WorkBudget
from agentcore_cmk.iac_candidates import Candidate

from agentcore_cmk_checkov.engine.cloudformation.patterns import AllowedPattern
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function, line, plain, section
from agentcore_cmk_checkov.engine.cloudformation.terms import (
    MAX_VALUES,
    NOT_AN_ARN,
    Repeated,
    as_list,
    as_text,
    capped,
    concatenate,
    flat,
    from_string,
    has_hole,
    known_text,
    opaque,
    product,
    scalar,
    to_value,
    unknown,
    via,
)

KEY_TYPES = ("AWS::KMS::Key", "AWS::KMS::ReplicaKey")
ALIAS_TYPE = "AWS::KMS::Alias"
NESTED_STACK_TYPES = ("AWS::CloudFormation::Stack", "AWS::Serverless::Application")
PSEUDO_PARAMETERS = ("AWS::AccountId", "AWS::Region", "AWS::Partition", "AWS::URLSuffix", "AWS::StackName",
                     "AWS::StackId", "AWS::NotificationARNs")
_SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class Scope:
    """What holds inside a branch of an undecided condition: the conditions taken and parameters they pin."""

    conditions: frozenset = frozenset()  # (condition name, outcome)
    pinned: frozenset = frozenset()  # (parameter name, the value it equals)

    def assume(self, name: str, outcome: bool, pinned: Iterable[tuple[str, str]]) -> "Scope":
        return Scope(self.conditions | {(name, outcome)}, self.pinned | frozenset(pinned))


#: What decided a condition, for the reason: parameter defaults, AllowedValues, AllowedPattern, the branch.
DEFAULTS, ALLOWED, BRANCH = "the parameter defaults", "every value the parameters allow", "the conditions of this branch"
PATTERN = "every value the parameters' AllowedPattern admits"
#: A condition's outcome (None: undecided) and what decided it.
Decision = tuple[Optional[bool], frozenset]
UNDECIDED: Decision = (None, frozenset())
_DEFAULT_ORIGIN = "the default of parameter "
_ALLOWED_ORIGIN = "one of the AllowedValues of parameter "
_PATTERN_ORIGIN = "the AllowedPattern "
_PINNED_ORIGIN = " in this branch"


class CloudFormationEvaluator:
    """Evaluates property values against one template's Parameters, Conditions, Mappings and Resources."""

    def __init__(self, template: Any, file_path: Any = "") -> None:
        self.parameters = section(template, "Parameters")
        self.conditions = section(template, "Conditions")
        self.mappings = section(template, "Mappings")
        self.resources = section(template, "Resources")
        self.file_name = os.path.basename(file_path) if isinstance(file_path, str) else ""
        self._outcomes: dict[tuple[str, Scope], Decision] = {}
        self._pins: dict[tuple[str, bool], frozenset] = {}
        self._dependencies: dict[int, tuple[Any, frozenset]] = {}  # id(node) -> (node, the names under it)
        self._values: dict[tuple[int, Scope], tuple[Any, list[Candidate]]] = {}  # (id(node), scope) -> (node, values)
        self._in_progress: set = set()  # conditions being worked out: meeting one again is a cycle
        self._parameter_values: dict[str, list[Candidate]] = {}  # what each parameter's declaration allows
        self._budget = WorkBudget()

    # --- the answer ------------------------------------------------------------------------------------------

    def values(self, node: Any) -> tuple[Value, ...]:
        """Every value the property ``node`` can take, each with where it came from.

        A limit reached on the way (depth, work, a cycle of conditions) makes the answer one NOT_EVALUATED value:
        the values found so far could be missing the one that fails.
        """
        self._budget = WorkBudget()
        self._in_progress.clear()
        try:
            terms = self._eval(node, Scope(), 0)
        except LimitReached as limit:
            return (iac.not_evaluated(limit.why, f"in {self.file_name}" if self.file_name else ""),)
        return tuple(dict.fromkeys(to_value(term) for term in terms))

    def _at(self, node: Any) -> str:
        number = line(node)
        if number is None:
            return ""
        return f" at {self.file_name}:{number}" if self.file_name else f" at line {number}"

    # --- expressions -----------------------------------------------------------------------------------------

    def _eval(self, node: Any, scope: Scope, depth: int) -> list[Candidate]:
        if depth > MAX_DEPTH:
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self._budget.spend()
        node = scalar(node)
        if node is None:
            return [Candidate(None)]
        if isinstance(node, str):
            return [from_string(str.__str__(node))]  # a plain str, not the parser's StrNode
        if isinstance(node, list):
            return self._spent([as_list(combination) for combination in product([self._eval(item, scope, depth + 1)
                                                                                      for item in node])])
        called = function(node)
        if called is None:
            shown = repr(plain(node)) if isinstance(node, dict) else repr(node)
            return [opaque(iac.literal(shown))]
        name, argument = called
        handler = _HANDLERS.get(name)
        if handler is None:
            return unknown(f"the function {name}")
        # A function is worked out once per node and the part of the scope it can depend on: a node that many
        # resources or branches share (YAML aliases, a condition's sides) costs one evaluation.
        key = (id(node), self._relevant(node, scope))
        cached = self._values.get(key)
        if cached is not None and cached[0] is node:  # the node is kept with its values: its id is not reused
            return cached[1]
        values = self._spent(handler(self, argument, scope, depth + 1))
        self._values[key] = (node, values)
        return values

    def _spent(self, terms: list[Candidate]) -> list[Candidate]:
        """Each value an expression gives costs a step: what branches and lists multiply is bounded too."""
        self._budget.spend(len(terms))
        return terms

    def _ref(self, name: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not isinstance(name, str):
            return unknown(f"Ref {plain(name)!r}")
        if name == "AWS::NoValue":
            return [opaque(iac.absent("AWS::NoValue"))]
        if name in PSEUDO_PARAMETERS:  # filled in at deployment: a hole in a built ARN, never a key by itself
            return [opaque(iac.literal(name, "a pseudo parameter"), name)]
        if name in self.parameters:
            return self._parameter(name, self.parameters[name], scope)
        if name in self.resources:
            return self._resource_ref(name, self.resources[name], scope, depth)
        return unknown(f"Ref {name}", "nothing in the template has that name")

    def _parameter(self, name: str, parameter: Any, scope: Scope) -> list[Candidate]:
        where = self._at(parameter)
        if not isinstance(parameter, dict):
            return unknown(f"parameter {name}", "its declaration is not a mapping")
        kind = str(parameter.get("Type", ""))
        if kind.startswith("AWS::SSM::Parameter::Value"):
            path = f" {scalar(parameter['Default'])}" if "Default" in parameter else ""
            return [opaque(iac.outside(f"the SSM parameter{path} (template parameter {name}{where})"), name)]
        for pinned_name, pinned_value in scope.pinned:
            if pinned_name == name:
                return [Candidate(pinned_value, f"parameter {name} is {pinned_value!r}{_PINNED_ORIGIN}")]
        if name not in self._parameter_values:  # worked out once per template, whichever resource refers to it
            self._parameter_values[name] = self._declared_values(name, parameter, kind, where)
        return self._parameter_values[name]

    def _declared_values(self, name: str, parameter: dict, kind: str, where: str) -> list[Candidate]:
        """The values a parameter's declaration lets a deployer pass: its default and the values its AllowedValues
        and AllowedPattern admit."""
        is_list = kind == "CommaDelimitedList" or kind.startswith("List<")
        pattern = _allowed_pattern(parameter, kind)
        allowed = parameter.get("AllowedValues")
        allowed = [_text(value) for value in allowed] if isinstance(allowed, list) else []
        if pattern is not None and not pattern.readable and not allowed:  # AllowedValues alone bound the values
            return [opaque(iac.not_evaluated(f"the AllowedPattern '{pattern.text}' of parameter {name}{where} is not "
                                             f"read: {pattern.why_not}"), name)]
        admits = pattern.admits if pattern is not None else (lambda value: True)
        terms = []
        if "Default" in parameter:  # CloudFormation rejects a default its constraints do not admit
            default = _parameter_value(scalar(parameter["Default"]), is_list)
            items = default.value if is_list else (default,)
            # and one that is not an allowed value; a list's allowed elements cover its default
            if all(admits(as_text(item)) for item in items) and (not allowed or (not is_list
                                                                                  and as_text(default) in allowed)):
                terms.append(via(default, f"{_DEFAULT_ORIGIN}{name}{where}"))
        # The template lists what a deployer may pass: each allowed value is a value the parameter can take, and
        # each element of a list parameter is any of them.
        if allowed:
            origin = f"{_ALLOWED_ORIGIN}{name}{where}"
            judged = list(dict.fromkeys(allowed))
            past = len(judged) > MAX_VALUES  # matching each against a pattern costs: the values past the cap are one
            admitted = [via(from_string(value), origin) for value in judged[:MAX_VALUES - 1 if past else None]
                        if admits(value)]
            if past:
                admitted.append(opaque(iac.not_evaluated(f"parameter {name}{where} allows {len(judged)} values, more "
                                                         f"than {MAX_VALUES}, and only {MAX_VALUES - 1} were judged")))
            if is_list and admitted:
                terms.append(Candidate(Repeated(tuple(admitted))))
            for term in admitted if not is_list else ():
                if all(term.value != known.value for known in terms):
                    terms.append(term)
            if not terms and pattern is not None:
                return unknown(f"parameter {name}", f"none of its AllowedValues matches its AllowedPattern "
                                                    f"'{pattern.text}', so CloudFormation accepts no value{where}")
        if terms:
            return capped(terms)
        if pattern is not None:  # an outside input the pattern narrows
            rejected = _text(parameter["Default"]) if "Default" in parameter else None
            values = self._pattern_values(name, where, pattern, rejected)
            return [Candidate(Repeated(tuple(values)))] if is_list else values
        return [opaque(iac.outside(f"template parameter {name}, which has no default", f"declared{where}"), name)]

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

    def _resource_ref(self, name: str, resource: Any, scope: Scope, depth: int) -> list[Candidate]:
        kind = resource.get("Type") if isinstance(resource, dict) else None
        where = f"the {kind} {name}{self._at(resource)}"
        if kind in KEY_TYPES:
            note = NOT_AN_ARN.format(what=f"the key id that Ref gives (use !GetAtt {name}.Arn)")
            return [opaque(iac.key_resource(f"Ref {name}", where, note), name)]
        if kind == ALIAS_TYPE:
            alias = entries(resource.get("Properties")).get("AliasName")
            if alias is None:
                return unknown(f"the alias {name}", f"{where}, which has no AliasName")
            return [via(term, f"the alias name of {where}") for term in self._eval(alias, scope, depth)]
        if isinstance(kind, str) and _is_custom(kind):
            return [opaque(iac.outside(f"the physical id of the custom resource {name}", where), name)]
        return [opaque(iac.literal(f"Ref {name}", where), name)]

    def _get_att(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        parts = argument.split(".") if isinstance(argument, str) else argument
        if not (isinstance(parts, list) and len(parts) >= 2 and isinstance(parts[0], str)):
            return unknown(f"Fn::GetAtt {plain(argument)!r}")
        name, attribute_parts = parts[0], []
        for part in parts[1:]:
            known = [known_text(term) for term in self._eval(part, scope, depth)]
            if len(known) != 1 or known[0] is None:
                return unknown(f"Fn::GetAtt {plain(argument)!r}", "an attribute name the template does not decide")
            attribute_parts.append(known[0])
        attribute = ".".join(attribute_parts)
        resource = self.resources.get(name)
        if not isinstance(resource, dict):
            return unknown(f"!GetAtt {name}.{attribute}", f"no resource {name} in the template")
        kind = resource.get("Type")
        where = f"the {kind} {name}{self._at(resource)}"
        shown = f"{name}.{attribute}"
        if kind in KEY_TYPES:
            note = "" if attribute == "Arn" else NOT_AN_ARN.format(what=f"its {attribute}")
            return [opaque(iac.key_resource(shown, where, note), shown)]
        if kind in NESTED_STACK_TYPES and attribute.startswith("Outputs."):
            output = attribute[len("Outputs."):]
            return [opaque(iac.outside(f"the output {output} of the nested stack {name}", where), shown)]
        if isinstance(kind, str) and _is_custom(kind):
            return [opaque(iac.outside(f"the attribute {attribute} of the custom resource {name}", where), shown)]
        return [opaque(iac.literal(shown, where), shown)]

    def _if(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not (isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str)):
            return unknown(f"Fn::If {plain(argument)!r}", "not [condition, value if true, value if false]")
        name, when_true, when_false = argument
        outcome, basis = self._condition(name, scope, depth)
        if outcome is not None:
            decided = _decided(name, outcome, basis, (name, outcome) in scope.conditions)
            return [via(term, decided) for term in self._eval(when_true if outcome else when_false, scope, depth)]
        terms = []
        for branch, outcome in ((when_true, True), (when_false, False)):
            inner = scope.assume(name, outcome, self._pinned_by(name, outcome, depth))
            terms += [via(term, f"when condition {name} is {str(outcome).lower()}")
                      for term in self._eval(branch, inner, depth)]
        return capped(terms)

    def _sub(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        text, variables = argument, {}
        if isinstance(argument, list) and len(argument) in (1, 2):
            text, variables = argument[0], entries(argument[1]) if len(argument) == 2 else {}
        if not isinstance(text, str):
            return unknown(f"Fn::Sub {plain(argument)!r}", "its first argument is not a string")
        pieces: list[list[Candidate]] = []
        position = 0
        for match in _SUB_VARIABLE.finditer(text):
            pieces.append([from_string(text[position:match.start()])])
            position = match.end()
            variable = match.group(1).strip()
            if variable.startswith("!"):  # ${!Literal} is the text ${Literal}
                pieces.append([Candidate("${" + variable[1:] + "}")])
            elif variable in variables:
                pieces.append(self._eval(variables[variable], scope, depth))
            elif "." in variable and variable not in self.parameters:
                pieces.append(self._get_att(variable, scope, depth))
            else:
                pieces.append(self._ref(variable, scope, depth))
        pieces.append([from_string(text[position:])])
        pieces = [piece for piece in pieces if piece != [Candidate("")]]
        return [concatenate(combination, "") for combination in product(pieces or [[Candidate("")]])]

    def _join(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not (isinstance(argument, list) and len(argument) == 2):
            return unknown(f"Fn::Join {plain(argument)!r}", "not [delimiter, list]")
        delimiter = scalar(argument[0])
        if not isinstance(delimiter, str):
            return unknown(f"Fn::Join {plain(argument)!r}", "its delimiter is not a string")
        terms = []
        for joined in self._eval(argument[1], scope, depth):
            if isinstance(joined.value, Repeated):
                terms += _joined(joined, delimiter)
            elif isinstance(joined.value, tuple):
                items = [via(item, joined.origin) for item in joined.value]
                terms.append(concatenate(items, delimiter) if items else Candidate("", joined.origin))
            else:  # a whole list from outside, or an unknown
                terms.append(joined)
        return capped(terms)

    def _select(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not (isinstance(argument, list) and len(argument) == 2):
            return unknown(f"Fn::Select {plain(argument)!r}", "not [index, list]")
        terms = []
        for index_term, list_term in product([self._eval(argument[0], scope, depth),
                                                    self._eval(argument[1], scope, depth)]):
            index = known_text(index_term)
            if index is None or not index.strip().isdigit():
                terms.append(opaque(iac.unknown(f"Fn::Select with index {index_term.value!r}")))
            elif isinstance(list_term.value, Repeated):  # a shorter list makes CloudFormation reject the stack
                terms += capped([via(item, list_term.origin, index_term.origin) for item in list_term.value.elements])
            elif not isinstance(list_term.value, tuple):
                terms.append(via(list_term, index_term.origin))
            elif int(index) >= len(list_term.value):
                terms.append(opaque(iac.unknown(f"Fn::Select index {index} of a list of {len(list_term.value)}")))
            else:
                terms.append(via(list_term.value[int(index)], list_term.origin, index_term.origin))
        return capped(terms)

    def _split(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(scalar(argument[0]), str)
                and scalar(argument[0])):
            return unknown(f"Fn::Split {plain(argument)!r}", "not [delimiter, string]")
        delimiter = scalar(argument[0])
        rejoined = self._split_of_join(delimiter, argument[1], scope, depth)
        if rejoined is not None:
            return rejoined
        terms = []
        for term in self._eval(argument[1], scope, depth):
            if isinstance(term.value, str):
                terms.append(Candidate(tuple(Candidate(part) for part in term.value.split(delimiter)), term.origin))
            else:  # an outside input split at deploy time is still an outside input
                terms.append(term)
        return terms

    def _split_of_join(self, delimiter: str, node: Any, scope: Scope, depth: int) -> Optional[list[Candidate]]:
        """``!Split [d, !Join [d, List]]`` is the list itself when no element holds ``d``: a list parameter a deployer
        passes keeps each of its elements (its joined strings are not enumerated)."""
        called = function(node)
        if not (called and called[0] == "Fn::Join" and isinstance(called[1], list) and len(called[1]) == 2
                and scalar(called[1][0]) == delimiter):
            return None
        lists = self._eval(called[1][1], scope, depth + 1)
        if not any(isinstance(term.value, Repeated) for term in lists):
            return None
        if not all(isinstance(term.value, (tuple, Repeated)) for term in lists):
            return None
        for term in lists:
            items = term.value.elements if isinstance(term.value, Repeated) else term.value
            # a deployer's element never holds a comma: CloudFormation splits list parameters on commas
            if any(delimiter in item.value if isinstance(item.value, str) else delimiter != "," for item in items):
                return None
        return lists

    def _find_in_map(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        if not (isinstance(argument, list) and len(argument) in (3, 4)):
            return unknown(f"Fn::FindInMap {plain(argument)!r}", "not [map, top-level key, second-level key]")
        found = list(itertools.islice(self._map_entries(argument, scope, depth), MAX_VALUES + 1))
        return capped(found) or unknown(f"Fn::FindInMap {plain(argument)!r}", "no entry matches")

    def _map_entries(self, argument: list, scope: Scope, depth: int) -> Iterator[Candidate]:
        """The values of every entry the keys can select (all of a level when a key is an outside input)."""
        default = entries(argument[3]).get("DefaultValue") if len(argument) == 4 else None
        for map_term, top_term, second_term in product([self._eval(part, scope, depth) for part in argument[:3]]):
            map_name = known_text(map_term)
            mapping = entries(self.mappings.get(map_name)) if map_name is not None else {}
            if not mapping:
                yield from unknown(f"Fn::FindInMap {plain(argument)!r}",
                                   f"no mapping {map_term.value!r} in the template")
                continue
            for top in _keys(mapping, top_term):
                level = entries(mapping.get(top))
                for second in _keys(level, second_term):
                    origin = f"Mappings {map_name}.{top}.{second}{self._at(mapping.get(top))}"
                    if second in level:
                        yield from (via(t, origin, top_term.origin) for t in self._eval(level[second], scope, depth))
                    elif default is not None:
                        yield from (via(t, f"the DefaultValue of Fn::FindInMap {map_name}")
                                    for t in self._eval(default, scope, depth))
                    else:
                        yield from unknown(f"Fn::FindInMap {map_name}.{top}.{second}", "no such entry")

    def _import_value(self, argument: Any, scope: Scope, depth: int) -> list[Candidate]:
        names = [as_text(term) for term in self._eval(argument, scope, depth)]
        return [opaque(iac.outside(f"Fn::ImportValue {name}, another stack's export"), f"ImportValue {name}")
                for name in names]

    # --- conditions ------------------------------------------------------------------------------------------

    def _condition(self, name: Any, scope: Scope, depth: int) -> Decision:
        """The outcome when the template (or the branch being evaluated) decides the condition, and what did."""
        if not isinstance(name, str):
            return UNDECIDED
        for assumed, outcome in scope.conditions:
            if assumed == name:
                return outcome, frozenset((BRANCH,))
        if name not in self.conditions:
            return UNDECIDED
        scope = self._relevant(self.conditions[name], scope)
        key = (name, scope)
        if key not in self._outcomes:  # each condition is worked out once per branch that can change it
            if key in self._in_progress:
                raise LimitReached(f"condition {name} refers to itself{self._at(self.conditions[name])}")
            self._in_progress.add(key)
            try:
                self._outcomes[key] = self._truth(self.conditions[name], scope, depth + 1)
            finally:
                self._in_progress.discard(key)
        return self._outcomes[key]

    def _relevant(self, node: Any, scope: Scope) -> Scope:
        """The part of a branch's scope that ``node`` can depend on: the conditions and parameters it (or anything
        it refers to) names. Branches that differ elsewhere share its values."""
        if not scope.conditions and not scope.pinned:
            return scope
        cached = self._dependencies.get(id(node))
        if cached is None or cached[0] is not node:
            cached = self._dependencies[id(node)] = (node, self._names_under(node))
        names = cached[1]
        return Scope(frozenset(c for c in scope.conditions if c[0] in names),
                     frozenset(p for p in scope.pinned if p[0] in names))

    def _names_under(self, node: Any) -> frozenset:
        """Every name a node refers to, directly or through the conditions, resources and parameters it names."""
        names: set = set()
        walked: set = set()  # ids of the collections walked: a node shared many times is walked once
        pending = [node]
        while pending:
            self._budget.spend()
            node = pending.pop()
            if isinstance(node, (list, dict)):
                if id(node) in walked:
                    continue
                walked.add(id(node))
            if isinstance(node, list):
                pending.extend(node)
            elif isinstance(node, dict):
                pending.extend(entries(node).values())
                called = function(node)
                if called and called[0] == "Fn::FindInMap" and isinstance(called[1], list) and called[1]:
                    pending.append(self.mappings.get(called[1][0]) if isinstance(called[1][0], str) else None)
                if called and called[0] in ("Ref", "Condition", "Fn::GetAtt", "Fn::If"):
                    target = called[1][0] if isinstance(called[1], list) and called[1] else called[1]
                    target = target.split(".")[0] if isinstance(target, str) else None
                    if target is not None and target not in names:
                        names.add(target)
                        pending.append(self.conditions.get(target, self.resources.get(target)))
            elif isinstance(node, str):
                for variable in _SUB_VARIABLE.findall(node):  # Fn::Sub names them inside its string
                    target = variable.strip().split(".")[0]
                    if target not in names:
                        names.add(target)
                        pending.append(self.conditions.get(target, self.resources.get(target)))
        return frozenset(names)

    def _truth(self, node: Any, scope: Scope, depth: int) -> Decision:
        if depth > MAX_DEPTH:
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self._budget.spend()
        if isinstance(node, bool) or node in ("true", "false"):
            return node in (True, "true"), frozenset()
        called = function(node)
        if called is None:
            return UNDECIDED
        name, argument = called
        if name == "Condition":
            return self._condition(argument, scope, depth)
        if not isinstance(argument, list):
            return UNDECIDED
        if name == "Fn::Equals":
            return self._equals(argument, scope, depth) if len(argument) == 2 else UNDECIDED
        parts = [self._truth(part, scope, depth + 1) for part in argument]
        outcomes = [outcome for outcome, _ in parts]
        if name == "Fn::Not" and len(parts) == 1:
            return UNDECIDED if outcomes[0] is None else (not outcomes[0], parts[0][1])
        if name in ("Fn::And", "Fn::Or") and parts:
            deciding = name == "Fn::Or"  # the outcome one part alone decides: a true part of an Or, a false of an And
            if deciding in outcomes:
                return deciding, next(basis for outcome, basis in parts if outcome is deciding)
            if None in outcomes:
                return UNDECIDED
            return not deciding, frozenset().union(*(basis for _, basis in parts))
        return UNDECIDED

    def _equals(self, argument: list, scope: Scope, depth: int) -> Decision:
        outcomes, basis = set(), set()
        for left, right in product([self._eval(side, scope, depth) for side in argument]):
            sides = [flat(term) for term in (left, right)]
            if any(side is None or has_hole(str(side)) for side in sides):
                return UNDECIDED
            outcomes.add(sides[0] == sides[1])
            basis.update(_basis(left.origin.split(", ") + right.origin.split(", ")))
        return (outcomes.pop(), frozenset(basis)) if len(outcomes) == 1 else UNDECIDED

    def _pinned_by(self, name: str, outcome: bool, depth: int) -> frozenset:
        """Parameters condition ``name`` pins to a value when it has this outcome, worked out once per outcome."""
        key = (name, outcome)
        if key not in self._pins:
            if key in self._in_progress:
                raise LimitReached(f"condition {name} refers to itself{self._at(self.conditions.get(name))}")
            self._in_progress.add(key)
            try:
                self._pins[key] = frozenset(self._pinned(self.conditions.get(name), outcome, depth + 1))
            finally:
                self._in_progress.discard(key)
        return self._pins[key]

    def _pinned(self, node: Any, outcome: bool, depth: int) -> set[tuple[str, str]]:
        """Parameters a condition with this outcome pins to a value: ``Fn::Equals [!Ref P, "x"]`` true pins P."""
        if depth > MAX_DEPTH:  # a branch evaluated without its pins could pass on a value it can never have
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self._budget.spend()
        called = function(node)
        if called is None:
            return set()
        name, argument = called
        if name == "Condition" and isinstance(argument, str):
            return set(self._pinned_by(argument, outcome, depth))
        if not isinstance(argument, list):
            return set()
        if name == "Fn::Not" and len(argument) == 1:
            return self._pinned(argument[0], not outcome, depth + 1)
        if (name == "Fn::And" and outcome) or (name == "Fn::Or" and not outcome):
            return set().union(*(self._pinned(part, outcome, depth + 1) for part in argument))
        if name == "Fn::Equals" and outcome and len(argument) == 2:
            for compared, other in (argument, argument[::-1]):
                ref = function(compared)
                if ref and ref[0] == "Ref" and ref[1] in self.parameters and isinstance(scalar(other), str):
                    return {(ref[1], scalar(other))}
        return set()


_HANDLERS = {
    "Ref": CloudFormationEvaluator._ref,
    "Fn::GetAtt": CloudFormationEvaluator._get_att,
    "Fn::If": CloudFormationEvaluator._if,
    "Fn::Sub": CloudFormationEvaluator._sub,
    "Fn::Join": CloudFormationEvaluator._join,
    "Fn::Select": CloudFormationEvaluator._select,
    "Fn::Split": CloudFormationEvaluator._split,
    "Fn::FindInMap": CloudFormationEvaluator._find_in_map,
    "Fn::ImportValue": CloudFormationEvaluator._import_value,
}


def _basis(origins: Iterable[str]) -> set[str]:
    """What the origins of a compared value say decided it: a parameter default, AllowedValues, this branch."""
    basis = set()
    for origin in origins:
        if origin.startswith(_DEFAULT_ORIGIN) or DEFAULTS in origin:
            basis.add(DEFAULTS)
        if origin.startswith(_ALLOWED_ORIGIN) or ALLOWED in origin:
            basis.add(ALLOWED)
        if _PATTERN_ORIGIN in origin:
            basis.add(PATTERN)
        if origin.endswith(_PINNED_ORIGIN) or origin.startswith("when condition ") or BRANCH in origin:
            basis.add(BRANCH)
    return basis


def _decided(name: str, outcome: bool, basis: frozenset, assumed: bool) -> str:
    """Why a decided condition picks its branch, naming only what decided it."""
    shown = str(outcome).lower()
    if assumed:
        return f"when condition {name} is {shown}"
    if not basis:
        return f"condition {name} is always {shown}"
    return f"condition {name} is {shown} with " + " and ".join(part for part in (DEFAULTS, ALLOWED, PATTERN, BRANCH)
                                                              if part in basis)


def _parameter_value(default: Any, is_list: bool) -> Candidate:
    """A default as CloudFormation reads it: a list parameter's is split on commas, each element space trimmed."""
    if is_list:
        items = default if isinstance(default, list) else str(default or "").split(",")
        return Candidate(tuple(from_string(_text(item).strip()) for item in items))
    return from_string(_text(default))


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


def _joined(joined: Candidate, delimiter: str) -> list[Candidate]:
    """The strings a list parameter joins to: each element alone, each pair, and the longer lists as one value that
    was not evaluated (a deployer may pass any number of elements)."""
    items = [via(item, joined.origin) for item in joined.value.elements]
    pairs = [concatenate(pair, delimiter) for pair in product([items, items])]
    longer = opaque(iac.not_evaluated(f"Fn::Join of a list parameter, which a deployer may pass with any number of "
                                      f"elements; lists of more than 2 elements are not enumerated"))
    return capped(items + pairs + [longer])


def _is_custom(kind: str) -> bool:
    return kind.startswith("Custom::") or kind == "AWS::CloudFormation::CustomResource"


def _keys(mapping: dict, key: Candidate) -> list:
    """The mapping keys a key term can select: itself when the template decides it, else every key."""
    known = known_text(key)
    return [known] if known is not None else list(mapping)
