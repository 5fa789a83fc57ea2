"""One Terraform resource instance's settings as an ``agentcore_cmk.iac.Reader``: what ``agentcore_cmk.iac.judge``
reads, whatever the row asks (one key, a key and its key type, a harness's memory, a capacity provider's volumes).

``ConfigurationReader`` reads a resource block (HCL or .tf.json) through the evaluator of its module instance. Paths
step through nested blocks (a repeated block is a list, ``volume[1]``; a name step enters every block of that name,
as written or as a ``dynamic`` block expands) and object attributes (awscc writes every nested setting as one, the aws
provider writes ``root_volume = [{...}]``); an attribute is evaluated by the HCL evaluator and the rest of the path is
followed in the values it can take. A top-level attribute is read alone from the block's lines when that is
unambiguous (``files.resource_attribute_fast``): the block is parsed only when a read needs it (``ResourceBlock``).

``PlanReader`` reads one resource of a plan: ``after``, then the plan's configuration for a value known only after
apply. ``UndecidedReader`` stands for an instance the files do not decide: every setting is that one value.
"""

from __future__ import annotations

import logging
from typing import Any, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac_candidates import Candidate, Failure, Symbol, is_unsettled, shown, to_value
from agentcore_cmk.resources import shown_path

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.evaluator import Evaluator
from agentcore_cmk_checkov.engine.terraform.configuration import as_dict
from agentcore_cmk_checkov.engine.terraform.plan import MISSING, Plan, expression_at, split_address, walk
from agentcore_cmk_checkov.engine.terraform.syntax import (
    attribute_expression, attributes, block_body, block_labels, blocks, parse_body, shift_lines,
)

LOGGER = logging.getLogger(__name__)


class ResourceBlock:
    """A resource block as written: its file and lines, parsed only when a read needs the whole block."""

    def __init__(self, path: str, start: Any = None, end: Any = None, labels: tuple = (),
                 definition: Optional[files.Definition] = None, overrides: tuple = ()) -> None:
        self.path, self.start, self.end, self.labels = path, start, end, labels
        self._definition = definition
        #: The same block in the folder's override files, merged over this one (``files.MergedDefinition``).
        self.overrides = tuple(overrides)
        self._by_lines = not path.endswith(".json") and isinstance(start, int) and isinstance(end, int)

    def alone(self, name: str) -> Any:
        """The top-level attribute ``name`` read from the block's lines alone: its expression, None when the block
        does not write it, ``...`` when only the parsed block can tell."""
        if self._definition is not None or not self._by_lines or self.overrides:
            return ...  # an override file may replace the attribute: the merged block tells
        return files.resource_attribute_fast(self.path, self.start, self.end, name)

    def counted(self) -> bool:
        """Whether the block writes ``count`` or ``for_each``."""
        if all(self.alone(name) is None for name in ("for_each", "count")):
            return False
        return self.definition.attribute("for_each") is not None or self.definition.attribute("count") is not None

    @property
    def definition(self) -> files.Definition:
        """The block, parsed (alone when its lines hold exactly it, else with its file); ``files.ReadProblem`` when
        the file no longer holds it."""
        if self._definition is None:
            parsed = self._parsed()
            self._definition = files.MergedDefinition(parsed, list(self.overrides)) if self.overrides else parsed
        return self._definition

    def _parsed(self) -> files.Definition:
        if self._by_lines:
            text = "\n".join(files.lines(self.path)[self.start - 1:self.end]) + "\n"
            try:
                found = blocks(parse_body(text).children[0])
                if len(found) == 1 and block_labels(found[0]) == ["resource", *self.labels]:
                    return files.Definition(self.path, self.start, block_body(found[0]), offset=self.start - 1)
            except Exception:
                LOGGER.debug("agentcore-cmk: block %s at %s:%s parsed with its file", self.labels, self.path, self.start)
        definition = files.file_definitions(self.path).get(("resource", *self.labels))
        if definition is None:
            raise files.ReadProblem(f"{files.shown_path(self.path)} no longer holds {'.'.join(self.labels)}")
        return definition


# -- positions: where a path leads in one instance's settings ----------------------------------------------------
# ("body", body, evaluator, where): a block; ("value", value, origin): a value an attribute can take; _Blocks: the
# blocks of one name; _Missing: nothing there; _Open: the files do not decide; _Gone: no block (an empty dynamic).

class _Missing:
    """Nothing at the path; ``origin`` says where that was seen ("" for the reader's own ``where``)."""

    def __init__(self, origin: str = "") -> None:
        self.origin = origin


class _Blocks:
    """The blocks of one name in a body, each (body, its evaluator, where): a list a path indexes, or the blocks a
    name step enters (each of them)."""

    def __init__(self, bodies: list, why: str = "") -> None:
        self.bodies = bodies
        self.why = why  # when there is none because a dynamic block's for_each is empty: why


class _Gone:
    """No block: a dynamic block's for_each is empty (``value`` says so); missing like ``_Missing``."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value


class _Open:
    """A step the files do not decide (a value from outside, an unknown value, a dynamic for_each left open)."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value


class ConfigurationReader:
    """Reads one resource instance (HCL or .tf.json) through the evaluator of its module instance."""

    def __init__(self, block: ResourceBlock, evaluator: Evaluator, where: str, rendered: bool = False) -> None:
        self.block, self.evaluator, self.where = block, evaluator, where
        #: Checkov's rendering of a resource (no file to read) wraps each attribute's value in a list, and has already
        #: merged each dynamic block's content into the blocks of its name.
        self.rendered = rendered

    # -- the Reader --------------------------------------------------------------------------------------------

    def values(self, path: tuple) -> list[iac.Value]:
        if len(path) == 1:  # the common case (one top-level key): read alone, without parsing the block
            alone = self.block.alone(path[0])
            if alone is None:
                return [iac.absent("", self.where)]
            if alone is not ...:
                return [to_value(candidate) for candidate in self.evaluator.values(alone, self.block.path)] + \
                    self._problems()
        found = [_leaf(position, self.where) for position in self._positions(path)]
        return list(dict.fromkeys(found)) + self._problems()

    def present(self, path: tuple) -> Optional[bool]:
        return _present(self._positions(path))

    def elements(self, path: tuple) -> Optional[int]:
        return _count(self._positions(path))

    def _problems(self) -> list[iac.Value]:
        """Files of the module that could not be read again: a value nobody could verify, so the verdict says so."""
        return [iac.unknown(f"the definitions in a file that could not be read again ({problem})")
                for problem in self.evaluator.scope.module.problems]

    # -- stepping ----------------------------------------------------------------------------------------------

    def _positions(self, path: tuple) -> list:
        """Where ``path`` leads, once per value an attribute on the way can take."""
        definition = self.block.definition
        if isinstance(definition, files.MergedDefinition) and path:
            deciding = definition.deciding(path[0])
            if deciding is not definition.layers[0]:  # an override file writes it: read there, named there
                return ConfigurationReader(ResourceBlock(deciding.path, definition=deciding), self.evaluator,
                                           deciding.where, self.rendered)._positions(path)
        positions: list = [("body", self.block.definition.body, self.evaluator, self.where)]
        for step in path:
            positions = [after for position in positions for after in self._step(position, step)]
        return positions

    def _step(self, position: Any, step: Any) -> list:
        if isinstance(position, (_Missing, _Open, _Gone)):
            return [position]
        if isinstance(position, _Blocks):
            if isinstance(step, int):
                return [("body", *position.bodies[step])] if step < len(position.bodies) else [_Missing()]
            if not position.bodies:
                return [_Gone(iac.absent("", position.why))] if position.why else [_Missing()]
            return [after for body in position.bodies for after in self._in_body(*body, step)]
        if position[0] == "body":
            return self._in_body(*position[1:], step)
        return [_in_value(position[1], position[2], step)]

    def _in_body(self, body: Any, evaluator: Evaluator, where: str, step: Any) -> list:
        if isinstance(step, int):
            return [_Missing()]
        missing = _Missing(where)
        dynamics = [] if self.rendered else \
            [(content, dynamic) for content, dynamic in self._nested(body).blocks(step) if dynamic is not None]
        if self.block.definition.is_json:
            found = body.get(step, MISSING) if isinstance(body, dict) else MISSING
            if isinstance(found, dict):
                return self._with_dynamic([(found, evaluator, where)], dynamics, evaluator, step)
            if isinstance(found, list) and found and all(isinstance(item, dict) for item in found):
                return self._with_dynamic([(item, evaluator, where) for item in found], dynamics, evaluator, step)
            if found is MISSING:
                return self._with_dynamic([], dynamics, evaluator, step) if dynamics else [missing]
            if self.rendered and isinstance(found, list) and len(found) == 1:
                found = found[0]
            return self._evaluated(files.json_node(found, self.block.definition.line), evaluator)
        named = [(block_body(block), evaluator, where) for block in blocks(body) if block_labels(block)[0] == step]
        if named or dynamics:
            return self._with_dynamic(named, dynamics, evaluator, step)
        found = attributes(body).get(step)
        if found is None:
            return [missing]
        return self._evaluated(shift_lines(attribute_expression(found), self.block.definition.offset), evaluator)

    def _nested(self, body: Any) -> files.Definition:
        definition = self.block.definition
        return files.Definition(definition.path, definition.line, body, definition.is_json, definition.offset)

    def _with_dynamic(self, static: list, dynamics: list, evaluator: Evaluator, step: str) -> list:
        """The blocks ``step``: the static ones, then each dynamic block's, once per value its for_each can take."""
        alternatives, opened = [(static, "")], []  # (blocks, why there is none)
        for content, dynamic in dynamics:
            expanded = []
            for option in _dynamic_options(content, dynamic, evaluator, self.block.path, step):
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
        return [("value", candidate.value, candidate.origin) for candidate in evaluator.values(node, self.block.path)]


def _dynamic_options(content: Optional[files.Definition], dynamic: files.Dynamic, evaluator: Evaluator, path: str,
                     name: str) -> list:
    """A dynamic block, once per value its for_each can take: the (content, evaluator, where) of each element (its
    iterator bound) and why there is none, or ``_Open`` when the files do not decide the collection."""
    for_each = dynamic.definition.attribute("for_each")
    where = dynamic.definition.where
    if content is None or for_each is None:
        return [_Open(iac.unknown(f'the dynamic "{name}" block without for_each or content', where))]
    options: list = []
    for candidate in evaluator.values(for_each, path):
        items = candidate.value
        pairs = list(items.items()) if isinstance(items, dict) else list(enumerate(items)) if isinstance(items, list) else None
        if pairs is None:
            options.append(_Open(to_value(candidate) if is_unsettled(items) else
                                 iac.unknown(f"the for_each of the dynamic {name} block ({shown(items)})", where)))
            continue
        origin = candidate.origin or where
        options.append(([(content.body, evaluator.in_scope(evaluator.scope.with_names(
            {dynamic.iterator: [Candidate({"key": key, "value": item}, origin)]})),
            f"{where}, the element {shown(key)} of its for_each") for key, item in pairs],
            "" if pairs else f"no {name} block: the dynamic block's for_each is empty, {origin}"))
    return options


class PlanReader:
    """Reads one resource of a plan: ``after``, then the configuration for a value known only after apply."""

    def __init__(self, plan: Plan, address: str) -> None:
        self.plan, self.address = plan, address
        change = plan.changes.get(address, {})
        self.after, self.unknown = as_dict(change.get("after")), as_dict(change.get("after_unknown"))
        self.module_path, resource_address = split_address(address)
        config = plan.configuration.resource(self.module_path, resource_address) or {}
        self.expressions = as_dict(config.get("expressions"))
        self.planned = f"planned in {plan.where}"

    def _positions(self, path: tuple) -> list:
        if any(walk(self.unknown, path[:n]) is True for n in range(1, len(path) + 1)):
            expression = expression_at(self.expressions, path)
            if not isinstance(expression, dict) or not ("constant_value" in expression or "references" in expression):
                return [_Open(iac.unknown(f"{shown_path(path)} of {self.address}, known only after apply and not in "
                                          "the plan's configuration", self.plan.where))]
            return [("value", candidate.value, candidate.origin)
                    for candidate in self.plan.expression(expression, self.module_path, 0)]
        value = walk(self.after, path)
        if value is MISSING:  # not in the plan at all (a nested block it does not hold)
            return [_Missing(self.plan.where)]
        if value is None:  # planned null
            return [_Missing(self.planned)]
        return [("value", value, self.planned)]

    def values(self, path: tuple) -> list[iac.Value]:
        return list(dict.fromkeys(self._leaf(position) for position in self._positions(path)))

    def _leaf(self, position: Any) -> iac.Value:
        if isinstance(position, tuple) and position[2] == self.planned and isinstance(position[1], str) \
                and position[1] in self.plan.read_keys:  # a planned key a data source read at plan time
            return self.plan.read_key(position[1])
        return _leaf(position, self.plan.where)

    def present(self, path: tuple) -> Optional[bool]:
        return _present(self._positions(path))

    def elements(self, path: tuple) -> Optional[int]:
        return _count(self._positions(path))


class UndecidedReader:
    """An instance the files do not decide (its resource's count or for_each is left open): every setting is that
    one value."""

    def __init__(self, value: iac.Value) -> None:
        self.value = value

    def values(self, path: tuple) -> list[iac.Value]:
        return [self.value]

    def present(self, path: tuple) -> Optional[bool]:
        return None

    def elements(self, path: tuple) -> Optional[int]:
        return None


def _in_value(value: Any, origin: str, step: Any) -> Any:
    if isinstance(value, (Symbol, Failure)):
        return _Open(to_value(Candidate(value, origin)))
    if isinstance(step, int):
        if isinstance(value, list):
            return ("value", value[step], origin) if step < len(value) else _Missing()
        if value is None:
            return _Missing()
        return _Open(iac.unknown(f"element {step} of {to_value(Candidate(value, '')).text!r} (not a list)", origin))
    if isinstance(value, list) and len(value) == 1:
        value = value[0]
    if isinstance(value, dict):
        return ("value", value[step], origin) if step in value else _Missing()
    if value is None or value == []:
        return _Missing()
    return _Open(iac.unknown(f"{step} inside {to_value(Candidate(value, '')).text!r} (not an object)", origin))


def _leaf(position: Any, where: str) -> iac.Value:
    if isinstance(position, _Missing):
        return iac.absent("", position.origin or where)
    if isinstance(position, (_Open, _Gone)):
        return position.value
    if isinstance(position, _Blocks):
        return iac.literal("a block", where) if position.bodies else iac.absent("", position.why or where)
    if position[0] == "body":
        return iac.literal("a block", where)
    return to_value(Candidate(position[1], position[2]))


def _present(positions: list) -> Optional[bool]:
    answers = set()
    for position in positions:
        if isinstance(position, (_Missing, _Gone)):
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
        if isinstance(position, (_Missing, _Gone)):
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
