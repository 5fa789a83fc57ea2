"""Condition solving: whether a template's Conditions are true, false or left to the deployer.

cfn-lint keeps its condition solver apart from its intrinsic resolvers (``cfnlint/conditions``); so does this
engine. A condition the template decides (its parameters' values, ``AllowedValues`` that leave one value, an
``AllowedPattern`` that admits one) has an outcome and a basis, what decided it, for the reason. A condition on an
outside input is undecided: ``Fn::If`` then takes both branches, each in a ``Scope`` that assumes the outcome and
pins the parameters the outcome fixes (``Fn::Equals [!Ref P, "x"]`` true pins P to "x"). Outcomes and pins are
worked out once per template and per the part of the scope they depend on.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Iterable, Optional

from agentcore_cmk.iac import MAX_DEPTH, LimitReached

from agentcore_cmk_checkov.engine.cloudformation.parameters import ALLOWED_ORIGIN, DEFAULT_ORIGIN, GIVEN_ORIGIN, PATTERN_ORIGIN
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function
from agentcore_cmk_checkov.engine.cloudformation.terms import flat, has_hole, product, scalar

if TYPE_CHECKING:
    from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator

SUB_VARIABLE = re.compile(r"\$\{([^}]*)\}")


@dataclass(frozen=True)
class Scope:
    """What holds inside a branch of an undecided condition: the conditions taken and parameters they pin."""

    conditions: frozenset = frozenset()  # (condition name, outcome)
    pinned: frozenset = frozenset()  # (parameter name, the value it equals)

    def assume(self, name: str, outcome: bool, pinned: Iterable[tuple[str, str]]) -> "Scope":
        return Scope(self.conditions | {(name, outcome)}, self.pinned | frozenset(pinned))


#: What decided a condition, for the reason: parameter values, AllowedValues, AllowedPattern, the branch.
DEFAULTS, ALLOWED, BRANCH = "the parameter defaults", "every value the parameters allow", "the conditions of this branch"
PATTERN = "every value the parameters' AllowedPattern admits"
GIVEN = "the parameter files"
#: A condition's outcome (None: undecided) and what decided it.
Decision = tuple[Optional[bool], frozenset]
UNDECIDED: Decision = (None, frozenset())
PINNED_ORIGIN = " in this branch"


class ConditionSolver:
    """The Conditions of one template, solved against the values its evaluator gives their parameters."""

    def __init__(self, evaluator: "CloudFormationEvaluator", conditions: dict) -> None:
        self.evaluator = evaluator
        self.conditions = conditions
        self._outcomes: dict[tuple[str, Scope], Decision] = {}
        self._pins: dict[tuple[str, bool], frozenset] = {}
        self._dependencies: dict[int, tuple[Any, frozenset]] = {}  # id(node) -> (node, the names under it)
        self.in_progress: set = set()  # conditions being worked out: meeting one again is a cycle

    def decide(self, name: Any, scope: Scope, depth: int) -> Decision:
        """The outcome when the template (or the branch being evaluated) decides the condition, and what did."""
        if not isinstance(name, str):
            return UNDECIDED
        for assumed, outcome in scope.conditions:
            if assumed == name:
                return outcome, frozenset((BRANCH,))
        if name not in self.conditions:
            return UNDECIDED
        scope = self.relevant(self.conditions[name], scope)
        key = (name, scope)
        if key not in self._outcomes:  # each condition is worked out once per branch that can change it
            if key in self.in_progress:
                raise LimitReached(f"condition {name} refers to itself{self.evaluator.at(self.conditions[name])}")
            self.in_progress.add(key)
            try:
                self._outcomes[key] = self._truth(self.conditions[name], scope, depth + 1)
            finally:
                self.in_progress.discard(key)
        return self._outcomes[key]

    def relevant(self, node: Any, scope: Scope) -> Scope:
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
        resources, mappings = self.evaluator.resources, self.evaluator.mappings
        names: set = set()
        walked: set = set()  # ids of the collections walked: a node shared many times is walked once
        pending = [node]
        while pending:
            self.evaluator.budget.spend()
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
                    pending.append(mappings.get(called[1][0]) if isinstance(called[1][0], str) else None)
                if called and called[0] in ("Ref", "Condition", "Fn::GetAtt", "Fn::If"):
                    target = called[1][0] if isinstance(called[1], list) and called[1] else called[1]
                    target = target.split(".")[0] if isinstance(target, str) else None
                    if target is not None and target not in names:
                        names.add(target)
                        pending.append(self.conditions.get(target, resources.get(target)))
            elif isinstance(node, str):
                for variable in SUB_VARIABLE.findall(node):  # Fn::Sub names them inside its string
                    target = variable.strip().split(".")[0]
                    if target not in names:
                        names.add(target)
                        pending.append(self.conditions.get(target, resources.get(target)))
        return frozenset(names)

    def _truth(self, node: Any, scope: Scope, depth: int) -> Decision:
        if depth > MAX_DEPTH:
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self.evaluator.budget.spend()
        if isinstance(node, bool) or node in ("true", "false"):
            return node in (True, "true"), frozenset()
        called = function(node)
        if called is None:
            return UNDECIDED
        name, argument = called
        if name == "Condition":
            return self.decide(argument, scope, depth)
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
        for left, right in product([self.evaluator.evaluate(side, scope, depth) for side in argument]):
            sides = [flat(term) for term in (left, right)]
            if any(side is None or has_hole(str(side)) for side in sides):
                return UNDECIDED
            outcomes.add(sides[0] == sides[1])
            basis.update(_basis(left.origin.split(", ") + right.origin.split(", ")))
        return (outcomes.pop(), frozenset(basis)) if len(outcomes) == 1 else UNDECIDED

    def pinned_by(self, name: str, outcome: bool, depth: int) -> frozenset:
        """Parameters condition ``name`` pins to a value when it has this outcome, worked out once per outcome."""
        key = (name, outcome)
        if key not in self._pins:
            if key in self.in_progress:
                raise LimitReached(f"condition {name} refers to itself{self.evaluator.at(self.conditions.get(name))}")
            self.in_progress.add(key)
            try:
                self._pins[key] = frozenset(self._pinned(self.conditions.get(name), outcome, depth + 1))
            finally:
                self.in_progress.discard(key)
        return self._pins[key]

    def _pinned(self, node: Any, outcome: bool, depth: int) -> set[tuple[str, str]]:
        """Parameters a condition with this outcome pins to a value: ``Fn::Equals [!Ref P, "x"]`` true pins P."""
        if depth > MAX_DEPTH:  # a branch evaluated without its pins could pass on a value it can never have
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self.evaluator.budget.spend()
        called = function(node)
        if called is None:
            return set()
        name, argument = called
        if name == "Condition" and isinstance(argument, str):
            return set(self.pinned_by(argument, outcome, depth))
        if not isinstance(argument, list):
            return set()
        if name == "Fn::Not" and len(argument) == 1:
            return self._pinned(argument[0], not outcome, depth + 1)
        if (name == "Fn::And" and outcome) or (name == "Fn::Or" and not outcome):
            return set().union(*(self._pinned(part, outcome, depth + 1) for part in argument))
        if name == "Fn::Equals" and outcome and len(argument) == 2:
            for compared, other in (argument, argument[::-1]):
                ref = function(compared)
                if ref and ref[0] == "Ref" and ref[1] in self.evaluator.parameters and isinstance(scalar(other), str):
                    return {(ref[1], scalar(other))}
        return set()


def _basis(origins: Iterable[str]) -> set[str]:
    """What the origins of a compared value say decided it: a parameter default, AllowedValues, this branch."""
    basis = set()
    for origin in origins:
        if origin.startswith(DEFAULT_ORIGIN) or DEFAULTS in origin:
            basis.add(DEFAULTS)
        if origin.startswith(GIVEN_ORIGIN) or GIVEN in origin:
            basis.add(GIVEN)
        if origin.startswith(ALLOWED_ORIGIN) or ALLOWED in origin:
            basis.add(ALLOWED)
        if PATTERN_ORIGIN in origin:
            basis.add(PATTERN)
        if origin.endswith(PINNED_ORIGIN) or origin.startswith("when condition ") or BRANCH in origin:
            basis.add(BRANCH)
    return basis


def decided(name: str, outcome: bool, basis: frozenset, assumed: bool) -> str:
    """Why a decided condition picks its branch, naming only what decided it."""
    shown = str(outcome).lower()
    if assumed:
        return f"when condition {name} is {shown}"
    if not basis:
        return f"condition {name} is always {shown}"
    return f"condition {name} is {shown} with " + " and ".join(part for part in (GIVEN, DEFAULTS, ALLOWED, PATTERN, BRANCH)
                                                              if part in basis)
