"""A CloudFormation resource's properties as ``agentcore_cmk.iac.Reader``: the one way every row is read.

A path is followed step by step through the template as written. An ``Fn::If`` on a block above the key
(``KmsConfiguration: !If [...]``, a ``RootVolume``, a ``Volumes`` element) is followed into the branch the files
decide, or into both branches when the deployer decides the condition, each branch in its own scope and named in the
reason; ``!Ref AWS::NoValue`` there is a block not written. Leaves are judged by ``CloudFormationEvaluator``.
"""

from __future__ import annotations

from typing import Any, Optional

from agentcore_cmk.iac import Kind, LimitReached, Value, WorkBudget, absent, not_evaluated, unknown
from agentcore_cmk.resources import shown_path

from agentcore_cmk_checkov.engine.cloudformation.conditions import Scope
from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function

_MISSING = object()
#: How many branches of blocks above a key are followed at once (each undecided Fn::If doubles them).
_MAX_BRANCHES = 16


class CloudFormationReader:
    def __init__(self, evaluator: CloudFormationEvaluator, properties: Any) -> None:
        self.evaluator, self.properties = evaluator, properties

    def _nodes(self, path: tuple) -> list[tuple[Any, Scope, str]]:
        """``(node, scope, origin)`` for each branch the path can lead to: the node at ``path``, ``_MISSING`` when a
        step is not written, an ``unknown`` Value when a step is a shape the path does not follow."""
        found = []
        pending = [(self.properties, 0, Scope(), "")]
        while pending:
            node, depth, scope, origin = pending.pop(0)
            while depth < len(path):  # a leaf is the evaluator's: Fn::If and AWS::NoValue there are values
                called = function(node)
                if called is not None and called[0] == "Fn::If":
                    branches = self._branches(called[1], scope)
                    if isinstance(branches, Value):
                        node = branches
                        break
                    if len(found) + len(pending) + len(branches) > _MAX_BRANCHES:
                        return [(not_evaluated(f"Properties.{shown_path(path[:depth])} branches into more than "
                                               f"{_MAX_BRANCHES} blocks through Fn::If"), scope, origin)]
                    for branch, inner, why in branches[1:]:
                        pending.append((branch, depth, inner, _joined(origin, why)))
                    node, scope, origin = branches[0][0], branches[0][1], _joined(origin, branches[0][2])
                    continue
                if called is not None and called[0] == "Ref" and called[1] == "AWS::NoValue":
                    node = None
                if node is None:
                    break
                node = self._step(node, path, depth)
                depth += 1
                if isinstance(node, Value):
                    break
            found.append((_MISSING if node is None else node, scope, origin))
        return found

    def _branches(self, argument: Any, scope: Scope):
        try:
            self.evaluator.budget = WorkBudget()  # each condition above the key has its own budget, as a leaf has
            self.evaluator.conditions.in_progress.clear()
            branches = self.evaluator.branches(argument, scope, 0)
        except LimitReached as limit:
            return not_evaluated(limit.why)
        if branches is None:
            return unknown("Fn::If", "not [condition, value if true, value if false]")
        return branches

    def _step(self, node: Any, path: tuple, depth: int) -> Any:
        step = path[depth]
        called = function(node)
        if called is not None:
            return unknown(f"Properties.{shown_path(path[:depth])} ({called[0]})")
        if isinstance(step, int):
            if not isinstance(node, list):
                return unknown(f"Properties.{shown_path(path[:depth])} ({_shape(node)} where a list is expected)")
            return node[step] if step < len(node) else None
        if not isinstance(node, dict):
            return unknown(f"Properties.{shown_path(path[:depth])} ({_shape(node)} where a mapping is expected)")
        return entries(node).get(step)

    def values(self, path: tuple) -> list[Value]:
        values: list[Value] = []
        for node, scope, origin in self._nodes(path):
            if node is _MISSING:
                values.append(absent("", origin))
            elif isinstance(node, Value):
                values.append(_with_origin(node, origin))
            else:
                values.extend(self.evaluator.values(node, scope, origin))
        return list(dict.fromkeys(values))

    def present(self, path: tuple) -> Optional[bool]:
        answers = {self._present(node, scope) for node, scope, _ in self._nodes(path)}
        return answers.pop() if len(answers) == 1 else None

    def _present(self, node: Any, scope: Scope) -> Optional[bool]:
        if node is _MISSING:
            return False
        if isinstance(node, Value):
            return None
        if isinstance(node, (dict, list)) and function(node) is None:
            return True
        values = self.evaluator.values(node, scope)
        if all(value.kind is Kind.ABSENT or value.text.strip().lower() == "false" for value in values):
            return False
        return True

    def elements(self, path: tuple) -> Optional[int]:
        counts = set()
        for node, _, _ in self._nodes(path):
            counts.add(0 if node is _MISSING else len(node) if isinstance(node, list) else None)
        return counts.pop() if len(counts) == 1 else None


def _joined(origin: str, more: str) -> str:
    return f"{origin}, {more}" if origin else more


def _with_origin(value: Value, origin: str) -> Value:
    if not origin:
        return value
    return Value(value.kind, value.text, _joined(value.origin, origin) if value.origin else origin, value.note)


def _shape(node: Any) -> str:
    for kind, name in ((bool, "a boolean"), (str, "a string"), (list, "a list"), (dict, "a mapping")):
        if isinstance(node, kind):
            return name
    return "a value"
