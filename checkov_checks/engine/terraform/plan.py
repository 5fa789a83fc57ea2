"""Evaluating a Terraform plan (``terraform show -json``), and walking its JSON; ``readers.PlanReader`` reads a
resource of the plan with it.

A value the plan knows (``after``) is final; a planned null is absent. A value known only after apply
(``after_unknown``) is resolved through the plan's own ``configuration``: the attribute's ``references``, a module
variable through the calling module's argument expression, a module output through the output's expression, a data
source through its arguments. Terraform does not write locals into the plan: a ``local.*`` reference is evaluated
from the ``.tf`` files next to the plan when they are there (with the HCL evaluator), and is otherwise a value
nobody could verify. What the plan holds is read once per plan document (``configuration.PlanConfiguration``);
``Plan`` evaluates over it.
"""

from __future__ import annotations

import os
import re
from typing import Any

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_DEPTH, Kind

from agentcore_cmk_checkov.engine.terraform.evaluator import (
    ALIAS_TYPES, KEY_DATA_SOURCES, KEY_TYPES, Evaluator, Scope, data_attribute, looked_up_keys,
)
from agentcore_cmk_checkov.engine.terraform.configuration import PlanConfiguration, as_dict, as_list
from agentcore_cmk_checkov.engine.terraform.syntax import parse_expression
from agentcore_cmk_checkov.engine.terraform.values import Candidate, Failure, Symbol, stopped, to_value

_INSTANCE = re.compile(r"\[[^\]]*\]")


def is_plan(conf: dict) -> bool:
    """Checkov marks each resource of a plan with the plan's path."""
    return "__file__" in conf and "__startline__" in conf


def plan_path(conf: dict) -> str:
    """The plan document a plan resource comes from (Checkov writes it as a one-element list)."""
    return conf["__file__"][0] if isinstance(conf["__file__"], list) else conf["__file__"]


class Plan:
    """Evaluates values of one plan, whose model (``PlanConfiguration``) is built once per plan document."""

    def __init__(self, configuration: PlanConfiguration) -> None:
        self.configuration = configuration
        self.path, self.where = configuration.path, configuration.where
        self.changes, self.read_keys = configuration.changes, configuration.read_keys

    def read_key(self, known: str) -> iac.Value:
        """A planned key that a data source read at plan time: what ``prior_state`` says about it is a fact."""
        facts = self.read_keys[known]
        origin = f"planned in {self.where}, the key {', '.join(address for address, _ in facts)} read at plan time"
        for address, values in facts:
            name = values.get("name")
            if isinstance(name, str) and name.startswith("alias/aws/"):
                return iac.literal(name, f"{origin}, whose target is {known}")
            if values.get("key_manager") == "AWS":
                return iac.aws_managed(known, f"{origin}: key_manager AWS")
        if any(values.get("key_manager") == "CUSTOMER" for _, values in facts):
            return iac.key_resource(known, f"{origin}: key_manager CUSTOMER")
        return to_value(Candidate(known, origin))

    def expression(self, expression: dict, module_path: tuple, depth: int) -> list[Candidate]:
        origin = f"the configuration in {self.where}" + (f" of module.{'.module.'.join(module_path)}" if module_path else "")
        if "constant_value" in expression:
            return [Candidate(expression["constant_value"], origin)]
        references = [ref for ref in as_list(expression.get("references")) if isinstance(ref, str)]
        roots = _roots(references)
        if depth > MAX_DEPTH:
            return [stopped(f"the plan's references nest more than {MAX_DEPTH} deep", origin)]
        if not roots:
            return [Candidate(Failure("a value known only after apply, which the plan does not explain"), origin)]
        found = []
        for reference in roots:
            found += self.reference(reference, module_path, depth + 1, origin)
        # the value is unknown after planning, so it is none of the values the plan already knows
        open_values = [c for c in found if isinstance(c.value, (Symbol, Failure, OtherResource))]
        return open_values or [Candidate(Failure(f"{', '.join(roots)}, known only after apply"), origin)]

    def reference(self, reference: str, module_path: tuple, depth: int, origin: str) -> list[Candidate]:
        parts = _INSTANCE.sub("", reference).split(".")
        head = parts[0]
        if head == "var" and len(parts) > 1:
            if module_path:
                argument = as_dict(self.configuration.call(module_path).get("expressions")).get(parts[1])
                if isinstance(argument, dict):
                    return self.expression(argument, module_path[:-1], depth)
                return [Candidate(None, origin)]
            variable = as_dict(self.configuration.variables.get(parts[1]))
            return [Candidate(variable.get("value"), f"variable {parts[1]} in {self.where}")]
        if head == "local" and len(parts) > 1:
            return self._local(parts[1], module_path, origin)
        if head == "module" and len(parts) > 2:
            child = module_path + (parts[1],)
            output = as_dict(as_dict(self.configuration.module(child).get("outputs")).get(parts[2]))
            if isinstance(output.get("expression"), dict):
                return self.expression(output["expression"], child, depth)
            return [Candidate(Symbol(Kind.OUTSIDE, f"the module output {reference}"), origin)]
        if head == "data" and len(parts) > 2:
            return self._data(parts[1], parts[2], parts[3] if len(parts) > 3 else "", module_path, depth, origin)
        if head in KEY_TYPES or head in ALIAS_TYPES:
            return [Candidate(Symbol(Kind.KEY_RESOURCE, reference), origin)]
        if head in ("each", "count", "path", "terraform", "self"):
            return [Candidate(Failure(reference), origin)]
        return [Candidate(OtherResource(reference), origin)]

    def _data(self, data_type: str, name: str, attribute: str, module_path: tuple, depth: int, origin: str) -> list[Candidate]:
        text = f"data.{data_type}.{name}"
        if data_type not in KEY_DATA_SOURCES:
            return data_attribute(data_type, name, attribute, origin)
        config = self.configuration.resource(module_path, text) or {}
        looked_up = as_dict(config.get("expressions")).get(KEY_DATA_SOURCES[data_type])
        if not isinstance(looked_up, dict):  # no configuration for the lookup: no evidence of a customer key
            return [Candidate(Failure(f"the key {text} looks up, which the plan's configuration does not show"), origin)]
        return looked_up_keys(text, self.expression(looked_up, module_path, depth), origin)

    def _local(self, name: str, module_path: tuple, origin: str) -> list[Candidate]:
        """Terraform leaves locals out of the plan: read them from the .tf files next to the plan, if any."""
        local_configuration = self.configuration.local_configuration() if not module_path else None
        if local_configuration is not None:
            evaluator = Evaluator(Scope(local_configuration.folder(os.path.dirname(self.path))))
            return evaluator.values(parse_expression(f"local.{name}"), self.path)
        return [Candidate(Failure(f"local.{name}, which the plan does not record (scan the plan next to its .tf files)"),
                          origin)]


#: Nothing at a path of a plan's JSON.
MISSING = object()
_BOUNDARY = re.compile(r"[.\[]")


def _roots(references: list[str]) -> list[str]:
    """The references no other one extends (Terraform lists ``a.b`` and ``a`` for ``a.b``): linear in their size."""
    extended = set()
    for reference in references:
        for boundary in _BOUNDARY.finditer(reference):
            extended.add(reference[:boundary.start()])
    return [reference for reference in dict.fromkeys(references) if reference not in extended]


class OtherResource:
    """An attribute of a resource that is not a KMS key, known only after apply: judged as the reference it is."""

    def __init__(self, reference: str) -> None:
        self.described = reference


def walk(value: Any, path: tuple) -> Any:
    """Plain JSON along a path of names and list indices; a nested block is a one-element list in a plan.
    ``MISSING`` when a step is not there."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return MISSING
            value = value[step]
            continue
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, dict) or step not in value:
            return MISSING
        value = value[step]
    return value


def expression_at(expressions: Any, path: tuple) -> Any:
    """The configuration expression for ``path``. An object attribute (``root_volume = [{...}]``) is one expression
    in a plan: its references then stand for every attribute inside it."""
    node = expressions
    for depth, step in enumerate(path):
        if isinstance(node, dict) and ("references" in node or "constant_value" in node):
            if "constant_value" in node:
                inner = walk(node["constant_value"], path[depth:])
                return {"constant_value": None if inner is MISSING else inner}
            return node
        node = walk(node, (step,))
        if node is MISSING:
            return MISSING
    return node


def split_address(address: str) -> tuple[tuple, str]:
    """``module.a[0].module.b.aws_x.y[1]`` -> (("a", "b"), "aws_x.y")."""
    parts = _INSTANCE.sub("", address).split(".")
    modules = []
    while len(parts) > 2 and parts[0] == "module":
        modules.append(parts[1])
        parts = parts[2:]
    return tuple(modules), ".".join(parts)
