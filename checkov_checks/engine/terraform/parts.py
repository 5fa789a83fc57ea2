"""A Terraform resource's settings as ``agentcore_cmk.iac.Reader``: for rows judged on more than one key (a
harness's memory settings, a capacity provider's volumes).

Paths step through nested blocks (a repeated block is a list: ``volume[1]``) and object attributes (awscc writes
every nested setting as one, the aws provider writes ``root_volume = [{...}]``); an attribute is evaluated by the
HCL evaluator and the rest of the path is followed in the values it can take. Plans are read from ``after``, and
values known only after apply from the plan's configuration (``PlanConfiguration``), as ``plan`` does for one key.
"""

from __future__ import annotations

import os
from typing import Any, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac import Kind
from agentcore_cmk.resources import IacResource, shown_path

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform import resource as resource
from agentcore_cmk_checkov.engine.terraform.evaluator import Evaluator, Scope
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, as_dict, plan_configuration
from agentcore_cmk_checkov.engine.terraform.plan import Plan, _split
from agentcore_cmk_checkov.engine.terraform.syntax import attribute_expression, attributes, block_body, block_labels, blocks
from agentcore_cmk_checkov.engine.terraform.syntax import shift_lines
from agentcore_cmk_checkov.engine.terraform.values import Candidate, Failure, Symbol, is_unsettled, shown, to_iac

_MISSING = object()


class _Blocks:
    """The blocks of one name in a body, each with the evaluator of its scope (a dynamic block's content binds its
    iterator): a list a path indexes, or the one nested block a name step enters."""

    def __init__(self, bodies: list, why: str = "") -> None:
        self.bodies = bodies  # (body, evaluator) pairs
        self.why = why  # when there is none because a dynamic block's for_each is empty: why


class _Gone:
    """No block: a dynamic block's for_each is empty (``value`` says so); missing like ``_MISSING``."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value


class _Open:
    """A step the files do not decide (a value from outside, an unknown value, a dynamic for_each left open)."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value


class ConfigurationReader:
    """Reads one resource block (HCL or .tf.json) through the evaluator of its module instance."""

    def __init__(self, definition: files.Definition, evaluator: Evaluator, path: str, where: str,
                 rendered: bool = False) -> None:
        self.definition, self.evaluator, self.path, self.where = definition, evaluator, path, where
        #: Checkov's rendering of a resource (no file to read) wraps each attribute's value in a list.
        self.rendered = rendered
        # Definition keeps its body and format private; the reader needs them to step through repeated blocks.
        self.body, self.json = definition._body, definition._json

    # -- stepping ----------------------------------------------------------------------------------------------

    def _positions(self, path: tuple) -> list:
        """Where ``path`` leads, once per value an attribute on the way can take: a (body, evaluator), ``_Blocks``,
        a (value, origin) pair, ``_Open`` or ``_MISSING``."""
        positions: list = [("body", self.body, self.evaluator)]
        for step in path:
            positions = [after for position in positions for after in self._step(position, step)]
        return positions

    def _step(self, position: Any, step: Any) -> list:
        if position is _MISSING or isinstance(position, (_Open, _Gone)):
            return [position]
        if isinstance(position, _Blocks):
            if isinstance(step, int):
                return [("body", *position.bodies[step])] if step < len(position.bodies) else [_MISSING]
            if not position.bodies:
                return [_Gone(iac.absent("", position.why))] if position.why else [_MISSING]
            position = ("body", *position.bodies[0])
        kind, content = position[0], position[1]
        if kind == "body":
            return self._in_body(content, position[2], step)
        return [_in_value(content, position[2], step)]

    def _in_body(self, body: Any, evaluator: Evaluator, step: Any) -> list:
        if isinstance(step, int):
            return [_MISSING]
        # Checkov's rendering has already merged each dynamic block's content into the blocks of its name
        dynamics = [] if self.rendered else \
            [(content, dynamic) for content, dynamic in self._nested(body).blocks(step) if dynamic is not None]
        if self.json:
            found = body.get(step, _MISSING) if isinstance(body, dict) else _MISSING
            if isinstance(found, dict):
                return self._with_dynamic([(found, evaluator)], dynamics, evaluator, step)
            if isinstance(found, list) and found and all(isinstance(item, dict) for item in found):
                return self._with_dynamic([(item, evaluator) for item in found], dynamics, evaluator, step)
            if found is _MISSING:
                return self._with_dynamic([], dynamics, evaluator, step) if dynamics else [_MISSING]
            if self.rendered and isinstance(found, list) and len(found) == 1:
                found = found[0]
            return self._evaluated(files.json_node(found, self.definition.line), evaluator)
        named = [(block_body(block), evaluator) for block in blocks(body) if block_labels(block)[0] == step]
        if named or dynamics:
            return self._with_dynamic(named, dynamics, evaluator, step)
        found = attributes(body).get(step)
        if found is None:
            return [_MISSING]
        return self._evaluated(shift_lines(attribute_expression(found), self.definition._offset), evaluator)

    def _nested(self, body: Any) -> files.Definition:
        return files.Definition(self.path, self.definition.line, body, self.json, self.definition._offset)

    def _with_dynamic(self, static: list, dynamics: list, evaluator: Evaluator, step: str) -> list:
        """The blocks ``step``: the static ones, then each dynamic block's, once per value its for_each can take."""
        alternatives, opened = [(static, "")], []  # (blocks, why there is none)
        for content, dynamic in dynamics:
            expanded = []
            for option in _dynamic_options(content, dynamic, evaluator, self.path, step):
                if isinstance(option, _Open):
                    opened.append(option)
                    continue
                found, why = option
                expanded += [(so_far + found, so_far_why or why) for so_far, so_far_why in alternatives]
            alternatives = expanded
            if len(alternatives) > iac.MAX_VALUES:
                return [_Blocks(*found) for found in alternatives[:iac.MAX_VALUES]] + opened + [_Open(iac.not_evaluated(
                    f"the dynamic {step} blocks can take more than {iac.MAX_VALUES} shapes", dynamic.definition.where))]
        return [_Blocks(*found) for found in alternatives] + opened

    def _evaluated(self, node: Any, evaluator: Evaluator) -> list:
        return [(("value", candidate.value, candidate.origin))
                for candidate in evaluator.values(node, self.path)]

    # -- the Reader --------------------------------------------------------------------------------------------

    def values(self, path: tuple) -> list[iac.Value]:
        found = [_leaf(position, self.where) for position in self._positions(path)]
        return list(dict.fromkeys(found)) + resource._problems(self.evaluator)

    def present(self, path: tuple) -> Optional[bool]:
        return _present(self._positions(path))

    def elements(self, path: tuple) -> Optional[int]:
        return _count(self._positions(path))


class PlanReader:
    """Reads one resource of a plan: ``after``, then the configuration for a value known only after apply."""

    def __init__(self, plan: Plan, address: str) -> None:
        self.plan, self.address = plan, address
        change = plan.changes.get(address, {})
        self.after, self.unknown = as_dict(change.get("after")), as_dict(change.get("after_unknown"))
        self.module_path, resource_address = _split(address)
        config = plan.configuration.resource(self.module_path, resource_address) or {}
        self.expressions = as_dict(config.get("expressions"))

    def _positions(self, path: tuple) -> list:
        value = _walk(self.after, path)
        if _walk(self.unknown, path) is True or any(_walk(self.unknown, path[:n]) is True for n in range(1, len(path))):
            expression = _expression_at(self.expressions, path)
            if not isinstance(expression, dict) or not ("constant_value" in expression or "references" in expression):
                return [_Open(iac.unknown(f"{shown_path(path)} of {self.address}, known only after apply and not in "
                                          "the plan's configuration", self.plan.where))]
            return [("value", candidate.value, candidate.origin)
                    for candidate in self.plan.expression(expression, self.module_path, 0)]
        if value is _MISSING:
            return [_MISSING]
        return [("value", value, f"planned in {self.plan.where}")]

    def values(self, path: tuple) -> list[iac.Value]:
        return list(dict.fromkeys(_leaf(position, self.plan.where) for position in self._positions(path)))

    def present(self, path: tuple) -> Optional[bool]:
        return _present(self._positions(path))

    def elements(self, path: tuple) -> Optional[int]:
        return _count(self._positions(path))


def _dynamic_options(content: Optional[files.Definition], dynamic: files.Dynamic, evaluator: Evaluator, path: str,
                     name: str) -> list:
    """A dynamic block, once per value its for_each can take: the (content, evaluator) of each element (its
    iterator bound), or ``_Open`` when the files do not decide the collection."""
    for_each = dynamic.definition.attribute("for_each")
    where = dynamic.definition.where
    if content is None or for_each is None:
        return [_Open(iac.unknown(f'the dynamic "{name}" block without for_each or content', where))]
    options: list = []
    for candidate in evaluator.values(for_each, path):
        items = candidate.value
        pairs = list(items.items()) if isinstance(items, dict) else list(enumerate(items)) if isinstance(items, list) else None
        if pairs is None:
            options.append(_Open(to_iac(candidate) if is_unsettled(items) else
                                 iac.unknown(f"the for_each of the dynamic {name} block ({shown(items)})", where)))
            continue
        origin = candidate.origin or where
        options.append(([(content._body, evaluator.in_scope(evaluator.scope.with_names(
            {dynamic.iterator: [Candidate({"key": key, "value": item}, origin)]}))) for key, item in pairs],
            "" if pairs else f"no {name} block: the dynamic block's for_each is empty, {origin}"))
    return options


def _walk(value: Any, path: tuple) -> Any:
    """Plain JSON along a path; a nested block is a one-element list in a plan."""
    for step in path:
        if isinstance(step, int):
            if not isinstance(value, list) or step >= len(value):
                return _MISSING
            value = value[step]
            continue
        if isinstance(value, list) and len(value) == 1:
            value = value[0]
        if not isinstance(value, dict) or step not in value:
            return _MISSING
        value = value[step]
    return value


def _expression_at(expressions: Any, path: tuple) -> Any:
    """The configuration expression for ``path``. An object attribute (``root_volume = [{...}]``) is one expression
    in a plan: its references then stand for every attribute inside it."""
    node = expressions
    for depth, step in enumerate(path):
        if isinstance(node, dict) and ("references" in node or "constant_value" in node):
            if "constant_value" in node:
                inner = _walk(node["constant_value"], path[depth:])
                return {"constant_value": None if inner is _MISSING else inner}
            return node
        node = _walk(node, (step,))
        if node is _MISSING:
            return _MISSING
    return node


def _in_value(value: Any, origin: str, step: Any) -> Any:
    if isinstance(value, (Symbol, Failure)):
        return _Open(to_iac(Candidate(value, origin)))
    if isinstance(step, int):
        if isinstance(value, list):
            return ("value", value[step], origin) if step < len(value) else _MISSING
        if value is None:
            return _MISSING
        return _Open(iac.unknown(f"element {step} of {to_iac(Candidate(value, '')).text!r} (not a list)",
                                 origin))
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        return ("value", value[step], origin) if step in value else _MISSING
    if value is None or value == []:
        return _MISSING
    return _Open(iac.unknown(f"{step} inside {to_iac(Candidate(value, '')).text!r} (not an object)", origin))


def _leaf(position: Any, where: str) -> iac.Value:
    if position is _MISSING:
        return iac.absent("", where)
    if isinstance(position, (_Open, _Gone)):
        return position.value
    if isinstance(position, _Blocks):
        return iac.literal("a block", where) if position.bodies else iac.absent("", position.why or where)
    if position[0] == "body":
        return iac.literal("a block", where)
    return to_iac(Candidate(position[1], position[2]))


def _present(positions: list) -> Optional[bool]:
    answers = set()
    for position in positions:
        if position is _MISSING or isinstance(position, _Gone):
            answers.add(False)
        elif isinstance(position, _Open):
            answers.add(None)
        elif isinstance(position, _Blocks):
            answers.add(bool(position.bodies))
        elif position[0] == "body":
            answers.add(True)
        else:
            value = position[1]
            if isinstance(value, (Symbol, Failure)):
                answers.add(None)
            else:
                # [] is a plan's absent block; {} is a declared empty object (awscc's disabled = {})
                answers.add(value not in (None, False, "false", []))
    return answers.pop() if len(answers) == 1 else None


def _count(positions: list) -> Optional[int]:
    counts = set()
    for position in positions:
        if position is _MISSING or isinstance(position, _Gone):
            counts.add(0)
        elif isinstance(position, _Blocks):
            counts.add(len(position.bodies))
        elif isinstance(position, tuple) and position[0] == "value" and isinstance(position[1], list):
            counts.add(len(position[1]))
        elif isinstance(position, tuple) and position[0] == "value" and position[1] is None:
            counts.add(0)
        else:
            counts.add(None)
    return counts.pop() if len(counts) == 1 else None


def reader_for(row: IacResource, conf: dict, configuration: Configuration, entity_path: str = ""):
    """The reader of the resource Checkov hands the check, whatever it was scanned from."""
    if "__file__" in conf and "__startline__" in conf:  # a plan
        path = conf["__file__"][0] if isinstance(conf["__file__"], list) else conf["__file__"]
        return PlanReader(Plan(plan_configuration(path)), conf.get("__address__", ""))
    scanned_file, name = entity_path.split(":", 1)[0], entity_path.rsplit(":", 1)[-1]
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else ""
    vertex = configuration.vertex(address, scanned_file, conf.get("__start_line__"))
    path = vertex.get("file_path_") if vertex else None
    if not isinstance(path, str):
        on_disk = resource._on_disk(scanned_file)
        if on_disk and on_disk.endswith(".json"):
            definition = files.file_definitions(on_disk).get(("resource", row.resource_type, name))
            if definition is None:
                raise files.ReadProblem(f"{files.shown_path(on_disk)} no longer holds {row.resource_type}.{name}")
            evaluator = Evaluator(Scope(configuration.folder(os.path.dirname(on_disk))))
            return ConfigurationReader(definition, evaluator, on_disk, files.shown_path(on_disk))
        rendered = files.Definition("", 0, conf, is_json=True)
        return ConfigurationReader(rendered, Evaluator(Scope(resource._Empty())), "", "", rendered=True)
    scopes = resource.module_scopes(address, path, configuration)
    if isinstance(scopes, resource.NoInstance):  # inside a module call that deploys nothing
        return scopes
    definition, _ = resource._definition(row, vertex, path, address)
    line = vertex.get("__start_line__")
    where = f"{files.shown_path(path)}:{line}" if line else files.shown_path(path)
    readers = InstanceReaders()
    for label, scope in scopes.items():
        evaluator = Evaluator(scope)
        instance = resource._INSTANCE_KEY.search(address)
        if instance:
            scope.instance = evaluator.instance_of(definition, resource._key(instance.group(0)))
        elif definition.attribute("for_each") is not None or definition.attribute("count") is not None:
            # a count or for_each Checkov did not expand: each instance is read
            instances = resource.resource_instances(evaluator, definition, path)
            if not isinstance(instances, dict):
                readers[label] = _Undecided(instances[0])
                continue
            for key, instance_evaluator in instances.items():
                readers[f"{label}: {key}" if label else key] = ConfigurationReader(definition, instance_evaluator, path, where)
            continue
        readers[label] = ConfigurationReader(definition, evaluator, path, where)
    return readers[""] if len(readers) == 1 and "" in readers else readers


class _Undecided:
    """A resource whose instances the files do not decide: every setting is that value."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value

    def values(self, path: tuple) -> list[iac.Value]:
        return [self.value]

    def present(self, path: tuple) -> Optional[bool]:
        return None

    def elements(self, path: tuple) -> Optional[int]:
        return None


class InstanceReaders(dict):
    """instance address -> its reader: the instances of a module call Checkov did not expand."""
