"""A CloudFormation resource's properties as ``agentcore_cmk.iac.Reader``: for rows judged on more than one key
(a harness's memory settings, a capacity provider's volumes). Leaves are judged by ``CloudFormationEvaluator``."""

from __future__ import annotations

from typing import Any, Optional

from agentcore_cmk.iac import Kind, Value, absent, unknown
from agentcore_cmk.resources import shown_path

from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.template import entries, function

_MISSING = object()


class CloudFormationReader:
    def __init__(self, evaluator: CloudFormationEvaluator, properties: Any) -> None:
        self.evaluator, self.properties = evaluator, properties

    def _node(self, path: tuple) -> Any:
        """The node at ``path``; ``_MISSING`` when a step is not written; an ``unknown`` Value when a step is a
        function or a shape the path does not follow."""
        node = self.properties
        for depth, step in enumerate(path):
            if node is None:
                return _MISSING
            called = function(node)
            if called is not None:
                return unknown(f"Properties.{shown_path(path[:depth])} ({called[0]})")
            if isinstance(step, int):
                if not isinstance(node, list):
                    return unknown(f"Properties.{shown_path(path[:depth])} ({_shape(node)} where a list is expected)")
                node = node[step] if step < len(node) else None
            else:
                if not isinstance(node, dict):
                    return unknown(f"Properties.{shown_path(path[:depth])} ({_shape(node)} where a mapping is "
                                   "expected)")
                node = entries(node).get(step)
            if node is None:
                return _MISSING
        return node

    def values(self, path: tuple) -> list[Value]:
        node = self._node(path)
        if node is _MISSING:
            return [absent()]
        if isinstance(node, Value):
            return [node]
        return list(self.evaluator.values(node))

    def present(self, path: tuple) -> Optional[bool]:
        node = self._node(path)
        if node is _MISSING:
            return False
        if isinstance(node, Value):
            return None
        if isinstance(node, (dict, list)) and function(node) is None:
            return True
        values = self.evaluator.values(node)
        if all(value.kind is Kind.ABSENT or value.text.strip().lower() == "false" for value in values):
            return False
        return True

    def elements(self, path: tuple) -> Optional[int]:
        node = self._node(path)
        if node is _MISSING:
            return 0
        if isinstance(node, list):
            return len(node)
        return None


def _shape(node: Any) -> str:
    for kind, name in ((bool, "a boolean"), (str, "a string"), (list, "a list"), (dict, "a mapping")):
        if isinstance(node, kind):
            return name
    return "a value"
