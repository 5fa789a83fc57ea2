"""Which values a CloudFormation property can take: an evaluator over the template mapping.

Shaped as cfn-lint's: the evaluator walks a value and hands each intrinsic function to its resolver in
``intrinsics.INTRINSICS`` (the table lists every function, and why the ones not evaluated are not); Conditions are
solved by ``conditions.ConditionSolver``; what a parameter can take is ``parameters.ParameterDomains``'s answer (a
value the files give decides; constraints narrow a value left to the deployer).

The template decides what it can: a condition the template decides selects its ``Fn::If`` branch and the other
branch does not matter; a condition on an outside input (a parameter without default, a pseudo parameter) is
undecided, and every branch is a value the property can take. Values the template leaves open (a parameter without
default, an SSM parameter type, ``Fn::ImportValue``, ``{{resolve:...}}``, a remote nested stack's output, pseudo
parameters) are outside inputs; inside a built string they are holes (``agentcore_cmk.iac.hole``), so
``!Sub ...:key/${KeyId}`` with an empty ``KeyId`` default is judged on the ``...:key/`` it builds. A local nested
stack (``TemplateURL: ./keys.yaml``) is followed: its output is evaluated in its own template, with the parameters
the parent passes, up to ``MAX_STACK_DEPTH`` stacks deep. A function the evaluator does not evaluate gives an
unknown value that names it, never an exception.
"""

from __future__ import annotations

import os
from typing import Any, Mapping, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_DEPTH, LimitReached, Value, WorkBudget
from agentcore_cmk.iac_candidates import Candidate

from agentcore_cmk_checkov.engine.cloudformation.conditions import ConditionSolver, Scope, decided
from agentcore_cmk_checkov.engine.cloudformation.intrinsics import INTRINSICS, local_template
from agentcore_cmk_checkov.engine.cloudformation.parameters import ParameterDomains
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function, line, plain, read_template, section
from agentcore_cmk_checkov.engine.cloudformation.terms import (
    as_list,
    capped,
    from_string,
    opaque,
    product,
    scalar,
    to_value,
    unknown,
    via,
)

#: How many nested stacks deep a local nested stack's outputs are followed.
MAX_STACK_DEPTH = 25


class CloudFormationEvaluator:
    """Evaluates property values against one template's Parameters, Conditions, Mappings and Resources."""

    def __init__(self, template: Any, file_path: Any = "", given: Optional[Mapping[str, tuple[str, str]]] = None,
                 passed: Optional[Mapping[str, list[Candidate]]] = None, stacks: tuple[str, ...] = (),
                 unreadable: tuple[tuple[str, str], ...] = ()) -> None:
        self.parameters = section(template, "Parameters")
        self.mappings = section(template, "Mappings")
        self.resources = section(template, "Resources")
        self.outputs = section(template, "Outputs")
        self.file_path = file_path if isinstance(file_path, str) else ""
        self.file_name = os.path.basename(self.file_path)
        self.stacks = stacks + (os.path.abspath(self.file_path),) if self.file_path else stacks
        self.parameter_domains = ParameterDomains(self.parameters, self.at, given, passed, unreadable)
        self.conditions = ConditionSolver(self, section(template, "Conditions"))
        self._values: dict[tuple[int, Scope], tuple[Any, list[Candidate]]] = {}  # (id(node), scope) -> (node, values)
        self._nested: dict[tuple, Optional["CloudFormationEvaluator"]] = {}
        self.budget = WorkBudget()

    # --- the answer ------------------------------------------------------------------------------------------

    def values(self, node: Any, scope: Scope = Scope(), origin: str = "") -> tuple[Value, ...]:
        """Every value the property ``node`` can take, each with where it came from (and ``origin`` when given: the
        branch of a block above the property).

        A limit reached on the way (depth, work, a cycle of conditions) makes the answer one NOT_EVALUATED value:
        the values found so far could be missing the one that fails.
        """
        self.budget = WorkBudget()
        self.conditions.in_progress.clear()
        try:
            terms = self.evaluate(node, scope, 0)
        except LimitReached as limit:
            return (iac.not_evaluated(limit.why, f"in {self.file_name}" if self.file_name else ""),)
        return tuple(dict.fromkeys(to_value(via(term, origin) if origin else term) for term in terms))

    def at(self, node: Any) -> str:
        """`` at file:line`` of a node, for a reason."""
        number = line(node)
        if number is None:
            return ""
        return f" at {self.file_name}:{number}" if self.file_name else f" at line {number}"

    def condition(self, name: Any) -> Optional[bool]:
        """A condition's outcome with what the files give (None: the deployer decides it)."""
        self.budget = WorkBudget()
        self.conditions.in_progress.clear()
        try:
            return self.conditions.decide(name, Scope(), 0)[0]
        except LimitReached:
            return None

    def branches(self, argument: Any, scope: Scope, depth: int) -> Optional[list[tuple[Any, Scope, str]]]:
        """The branches of an ``Fn::If`` that can be taken, each with its scope and the reason it is taken; None when
        the argument is not ``[condition, value if true, value if false]``."""
        if not (isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str)):
            return None
        name, when_true, when_false = argument
        outcome, basis = self.conditions.decide(name, scope, depth)
        if outcome is not None:
            return [(when_true if outcome else when_false, scope,
                     decided(name, outcome, basis, (name, outcome) in scope.conditions))]
        return [(branch, scope.assume(name, taken, self.conditions.pinned_by(name, taken, depth)),
                 f"when condition {name} is {str(taken).lower()}")
                for branch, taken in ((when_true, True), (when_false, False))]

    # --- expressions -----------------------------------------------------------------------------------------

    def evaluate(self, node: Any, scope: Scope, depth: int) -> list[Candidate]:
        """Every value ``node`` can take in ``scope``: the evaluation step the resolvers and the solver call."""
        if depth > MAX_DEPTH:
            raise LimitReached(f"expressions and conditions nested more than {MAX_DEPTH} levels deep")
        self.budget.spend()
        node = scalar(node)
        if node is None:
            return [Candidate(None)]
        if isinstance(node, str):
            return [from_string(str.__str__(node))]  # a plain str, not the parser's StrNode
        if isinstance(node, list):
            return self._spent([as_list(combination) for combination in product([self.evaluate(item, scope, depth + 1)
                                                                                      for item in node])])
        called = function(node)
        if called is None:
            shown = repr(plain(node)) if isinstance(node, dict) else repr(node)
            return [opaque(iac.literal(shown))]
        name, argument = called
        intrinsic = INTRINSICS.get(name)
        if intrinsic is None:
            return unknown(f"the function {name}", "not an intrinsic function CloudFormation defines")
        if intrinsic.resolve is None:
            return unknown(f"the function {name}", f"not evaluated: {intrinsic.not_evaluated_because}")
        # A function is worked out once per node and the part of the scope it can depend on: a node that many
        # resources or branches share (YAML aliases, a condition's sides) costs one evaluation.
        key = (id(node), self.conditions.relevant(node, scope))
        cached = self._values.get(key)
        if cached is not None and cached[0] is node:  # the node is kept with its values: its id is not reused
            return cached[1]
        values = self._spent(intrinsic.resolve(self, argument, scope, depth + 1))
        self._values[key] = (node, values)
        return values

    def _spent(self, terms: list[Candidate]) -> list[Candidate]:
        """Each value an expression gives costs a step: what branches and lists multiply is bounded too."""
        self.budget.spend(len(terms))
        return terms

    # --- nested stacks ---------------------------------------------------------------------------------------

    def nested_stack_output(self, name: str, resource: dict, output: str, scope: Scope,
                            depth: int) -> Optional[list[Candidate]]:
        """The values of output ``output`` of the local nested stack ``name``; None when its template is not a
        local file (a URL, S3, a SAR application: another stack's output, an outside input)."""
        properties = entries(resource.get("Properties"))
        location = properties.get("TemplateURL", properties.get("Location"))
        path = local_template(location, os.path.dirname(self.file_path) if self.file_path else ".")
        if path is None:
            return None
        shown = f"the output {output} of the nested stack {name}{self.at(resource)}"
        if len(self.stacks) >= MAX_STACK_DEPTH:
            raise LimitReached(f"nested stacks more than {MAX_STACK_DEPTH} deep")
        if os.path.abspath(path) in self.stacks:
            return unknown(shown, f"its template {scalar(location)} is a stack that contains it")
        child = self._child(path, properties.get("Parameters"), scope, depth)
        if isinstance(child, str):
            return unknown(shown, child)
        declared = entries(child.outputs.get(output))
        if "Value" not in declared:
            return unknown(shown, f"{scalar(location)} has no output {output}")
        child.budget = self.budget  # the parent's budget bounds the whole evaluation
        origin = f"{shown}, declared{child.at(child.outputs.get(output))}"
        return capped([via(term, origin) for term in child.evaluate(declared["Value"], Scope(), depth + 1)])

    def _child(self, path: str, parameters: Any, scope: Scope, depth: int):
        """The evaluator of a nested stack's template, with the parameters the parent passes (evaluated here); a
        string saying why not when the template cannot be read."""
        template, why_not = read_template(path)
        if template is None:
            return why_not
        passed = {key: self.evaluate(value, scope, depth + 1) for key, value in entries(parameters).items()}
        key = (path, tuple(sorted((k, tuple(v)) for k, v in passed.items())))
        if key not in self._nested:
            self._nested[key] = CloudFormationEvaluator(template, path, passed=passed, stacks=self.stacks)
        return self._nested[key]
