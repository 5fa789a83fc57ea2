"""Which values a Terraform attribute can take, given what the scanned files decide.

One evaluator over the HCL2 parse tree (``syntax``) answers that question for HCL, ``.tf.json`` (whose
strings are parsed as templates with the same evaluator) and the plan's ``configuration`` section. It follows:

* variables: the default, then ``terraform.tfvars``, ``*.auto.tfvars`` and Checkov's var files (``--var-file``,
  ``var-file`` in ``.checkov.yaml``, in the order given) in Terraform's order; in a module, the
  caller's argument (an explicit null replaces a nullable variable's default); a required variable is an outside
  input; ``optional(type, default)`` attributes of object types;
* locals in any file of the module, outputs of modules in the scanned tree (a module that is not there gives an
  outside input), ``count.index``, ``each.key`` and ``each.value`` per instance;
* conditionals a known value decides (only the branch taken counts; an undecided one gives every branch),
  comparison and boolean operators, string templates (outside inputs stay holes), a few functions
  (``functions``); any other function gives an unknown value naming it;
* data sources ``aws_kms_key`` / ``aws_kms_alias`` looked up by an AWS managed alias are AWS managed keys; other
  lookups, ``terraform_remote_state`` and other data sources are outside inputs.
"""

from __future__ import annotations

import json
import os
from itertools import product
from typing import Any, Optional

from agentcore_cmk.iac import MAX_DEPTH, Kind, LimitReached, WorkBudget

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.files import Definition
from agentcore_cmk_checkov.engine.terraform.functions import call
from agentcore_cmk_checkov.engine.terraform.configuration import ModuleFolder
from agentcore_cmk_checkov.engine.terraform.syntax import Node, written_text
from agentcore_cmk_checkov.engine.terraform.namespaces import (
    NO_KEY, Count, DataSources, Each, InstanceMap, Instances, Locals, ModuleCall, Modules, Namespace, Resources, Unknowable,
    Variables,
)
from agentcore_cmk_checkov.engine.terraform.values import (
    ALIAS_NOTE, KEY_ID_NOTE, MAX_VALUES, Candidate, Failure, Symbol, as_text, capped, is_open, number, operate, shown,
    stopped,
    telling_origin, truth, undecided,
)

KEY_TYPES = frozenset({"aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key",
                       "awscc_kms_key", "awscc_kms_replica_key"})
ALIAS_TYPES = {"aws_kms_alias": "name", "awscc_kms_alias": "alias_name"}
KEY_DATA_SOURCES = {"aws_kms_key": "key_id", "aws_kms_alias": "name"}
_KEY_ARN_ATTRIBUTES = {"arn", "target_key_arn"}
_KEY_ID_ATTRIBUTES = {"id", "key_id", "target_key_id"}
MAX_INSTANCES = 10_000  # a count or for_each larger than this is not expanded


class Scope:
    """One module instance: its folder (a ``ModuleFolder`` of the scan's ``Configuration``), its address prefix, the
    call that made it, and instance values."""

    def __init__(self, module: ModuleFolder, prefix: str = "", call: Optional[Definition] = None,
                 parent: Optional["Scope"] = None, instance: Optional[dict] = None,
                 names: Optional[dict] = None, root_tfvars: bool = True) -> None:
        self.module, self.prefix, self.call, self.parent = module, prefix, call, parent
        self.instance = instance or {}
        self.names = names or {}
        self.root_tfvars = root_tfvars and parent is None

    def with_names(self, names: dict) -> "Scope":
        return Scope(self.module, self.prefix, self.call, self.parent, self.instance, {**self.names, **names},
                     self.root_tfvars)

    def module_level(self) -> "Scope":
        """Where locals and outputs are evaluated: no for-expression names, no count or each."""
        if not self.names and not self.instance:
            return self
        return Scope(self.module, self.prefix, self.call, self.parent, None, None, self.root_tfvars)

    @property
    def key(self) -> Optional[tuple]:
        """The module instance, for the memo of its variables, locals and outputs; None inside a block instance."""
        return None if self.names or self.instance else self._identity()

    def _identity(self) -> tuple:
        parent = self.parent._identity() if self.parent is not None else ()
        return (self.module.directory, self.prefix, self.root_tfvars, parent)


class _Run:
    """What one attribute's evaluation shares across scopes: its work budget and the definitions in progress."""

    __slots__ = ("budget", "active")

    def __init__(self) -> None:
        self.budget = WorkBudget()
        self.active: set = set()


class Evaluator:
    """Evaluates expressions in one scope; ``file`` is the file the expression being evaluated is written in."""

    def __init__(self, scope: Scope, run: Optional[_Run] = None) -> None:
        self.scope = scope
        self.depth = 0
        self.file: Optional[str] = None
        self.run = run or _Run()

    def in_scope(self, scope: Scope) -> "Evaluator":
        other = Evaluator(scope, self.run)
        other.depth = self.depth
        return other

    def memoised(self, kind: str, name: str, origin: str, evaluate) -> list[Candidate]:
        """A variable, local or module output of this module instance, evaluated once per scan.

        A definition reached again while it is being evaluated is a cycle: not evaluated. When the work budget runs
        out, every definition in progress is remembered as not evaluated, so the next resource does not pay again.
        """
        memo = getattr(self.scope.module, "memo", None)
        scope_key = self.scope.key if memo is not None else None
        key = (kind, name, scope_key)
        if scope_key is not None and key in memo:
            return memo[key]
        if key in self.run.active:
            return [stopped(f"{kind} {name} refers to itself", origin)]
        self.run.active.add(key)
        try:
            found = evaluate()
        except LimitReached as limit:
            if scope_key is not None:
                memo[key] = [stopped(limit.why, origin)]
            raise
        finally:
            self.run.active.discard(key)
        if scope_key is not None:
            memo[key] = found
        return found

    def origin(self, node: Node) -> str:
        where = files.shown_path(self.file or self.scope.module.directory)
        return f"{where}:{node.line}" if node.line else where

    def values(self, node: Optional[Node], file: Optional[str] = None) -> list[Candidate]:
        """Every value the expression can take, each with where it came from."""
        if node is None:
            return [Candidate(None, "")]
        previous = self.file
        self.file = file or self.file
        self.depth += 1
        self.run.budget.spend()
        try:
            if self.depth > MAX_DEPTH:
                return [stopped(f"{written_text(node)} is nested more than {MAX_DEPTH} references deep",
                                self.origin(node))]
            return capped(self._values(node), self.origin(node))
        finally:
            self.depth -= 1
            self.file = previous

    def _values(self, node: Node) -> list[Candidate]:
        kind, origin = node.kind, self.origin(node)
        if kind == "literal":
            return [Candidate(node.value, origin)]
        if kind == "template":
            return self._template(node, origin)
        if kind in ("name", "access", "splat"):
            return self._reference(node, origin)
        if kind == "conditional":
            return self._conditional(node)
        if kind == "binary":
            return self._binary(node, origin)
        if kind == "unary":
            return self._unary(node, origin)
        if kind == "call":
            return call(self, node.value, node.children, origin)
        if kind == "tuple":
            return self._combined([self.values(child) for child in node.children], list, origin)
        if kind == "object":
            return self._object(node, origin)
        if kind in ("for_tuple", "for_object"):
            return self._for(node, origin)
        return [undecided(written_text(node), origin)]

    # --- shapes -----------------------------------------------------------------------------------

    def _combined(self, value_lists: list, build, origin: str) -> list[Candidate]:
        results = []
        for combination in product(*value_lists):
            if len(results) >= MAX_VALUES:
                return results + [stopped(f"it can take more than {MAX_VALUES} values", origin)]
            results.append(Candidate(build([candidate.value for candidate in combination]),
                                     next((c.origin for c in combination if c.origin), origin)))
        return results

    def _object(self, node: Node, origin: str) -> list[Candidate]:
        keys = [self.values(key) for key, _ in node.children]
        values = [self.values(value) for _, value in node.children]
        if any(len(options) != 1 or not isinstance(options[0].value, str) for options in keys):
            return [undecided("an object whose keys the files do not decide", origin)]
        names = [options[0].value for options in keys]
        return self._combined(values, lambda items: dict(zip(names, items)), origin)

    def _template(self, node: Node, origin: str) -> list[Candidate]:
        parts = [[Candidate(part, "")] if isinstance(part, str) else self.values(part) for part in node.children]
        results = []
        for combination in product(*parts):
            if len(results) >= MAX_VALUES:
                return results + [stopped(f"it can take more than {MAX_VALUES} values", origin)]
            texts = [as_text(candidate.value) for candidate in combination]
            deciding = telling_origin(combination[1:] if isinstance(node.children[0], str) else combination, origin)
            unknown = next((c for c, text in zip(combination, texts) if text is None), None)
            if unknown is not None:
                value = unknown.value
                results.append(Candidate(value if isinstance(value, (Symbol, Failure)) else
                                         Symbol(Kind.UNKNOWN, f"{shown(value)} inside a string"), unknown.origin or origin))
            else:
                results.append(Candidate("".join(texts), deciding))
        return results

    def _conditional(self, node: Node) -> list[Candidate]:
        """Only the branch a decided condition takes; both when the files do not decide it. Origins say which."""
        condition, when_true, when_false = node.children
        conditions = self.values(condition)
        outcomes = {truth(candidate.value) for candidate in conditions}
        written = written_text(condition)
        decided = None not in outcomes and len(outcomes) == 1
        # a condition that was not evaluated decides nothing: its reason comes first, then every branch
        results = [Candidate(c.value, f"the condition {written}, {c.origin}" if c.origin else f"the condition {written}")
                   for c in conditions if isinstance(c.value, Symbol) and c.value.kind is Kind.NOT_EVALUATED][:1]
        for outcome, branch in ((True, when_true), (False, when_false)):
            if outcome in outcomes or None in outcomes:
                why = f"{written} is {'true' if outcome else 'false'}"
                why = f"as {why}" if decided else f"when {why}"
                results += [Candidate(c.value, f"{c.origin}, {why}" if c.origin else why) for c in self.values(branch)]
        return results

    def _unary(self, node: Node, origin: str) -> list[Candidate]:
        results = []
        for candidate in self.values(node.children[0]):
            value = candidate.value
            if node.value == "!" and truth(value) is not None:
                results.append(Candidate(not truth(value), candidate.origin or origin))
            elif node.value == "-" and number(value) is not None:
                results.append(Candidate(-number(value), candidate.origin or origin))
            else:
                results.append(undecided(f"{node.value}{shown(value)}", candidate.origin or origin))
        return results

    def _binary(self, node: Node, origin: str) -> list[Candidate]:
        operator = node.value
        left_values = self.values(node.children[0])
        if operator in ("&&", "||"):
            decisive = operator == "||"  # true decides ||, false decides &&
            if all(truth(candidate.value) is decisive for candidate in left_values):
                return [Candidate(decisive, origin)]
        right_values = self.values(node.children[1])
        results = []
        for left, right in product(left_values, right_values):
            if len(results) >= MAX_VALUES:
                return results + [stopped(f"{written_text(node)} combines more than {MAX_VALUES} pairs of values",
                                          origin)]
            self.run.budget.spend()
            results.append(Candidate(operate(operator, left.value, right.value), origin))
        return results

    def _for(self, node: Node, origin: str) -> list[Candidate]:
        names, (collection, results_nodes, condition) = node.value, node.children
        outcomes = []
        for candidate in self.values(collection):
            items = candidate.value
            if isinstance(items, dict):
                pairs = list(items.items())
            elif isinstance(items, list):
                pairs = list(enumerate(items))
            else:
                outcomes.append(undecided(f"a for expression over {shown(items)}", candidate.origin or origin))
                continue
            outcomes += self._for_items(node.kind, names, pairs, results_nodes, condition, origin)
        return outcomes

    def _for_items(self, kind, names, pairs, results_nodes, condition, origin) -> list[Candidate]:
        collected: list = []
        for key, item in pairs:
            bound = {names[0]: item} if len(names) == 1 else {names[0]: key, names[1]: item}
            inner = self.in_scope(self.scope.with_names({name: [Candidate(value, origin)] for name, value in bound.items()}))
            if condition is not None:
                kept = {truth(candidate.value) for candidate in inner.values(condition)}
                if kept == {False}:
                    continue
                if kept != {True}:
                    return [undecided("a for expression filtered by a condition the files do not decide", origin)]
            produced = [inner.values(result) for result in results_nodes]
            if any(len(options) != 1 for options in produced):
                return [undecided("a for expression whose items have several values", origin)]
            collected.append([options[0].value for options in produced])
        if kind == "for_tuple":
            return [Candidate([item[0] for item in collected], origin)]
        return [Candidate({str(item[0]): item[1] for item in collected if len(item) == 2}, origin)]

    # --- references -------------------------------------------------------------------------------

    def _reference(self, node: Node, origin: str) -> list[Candidate]:
        if node.kind == "name":
            return self._root(node.value, origin)
        if node.kind == "splat":
            base, steps = node.children
            results = []
            for candidate in self.values(base):
                items = candidate.value
                if isinstance(items, list):
                    mapped = [self._steps([Candidate(item, candidate.origin)], steps) for item in items]
                    results += self._combined(mapped, list, candidate.origin or origin)
                elif isinstance(items, Resources) and items.single:  # a splat of one object is a list of it
                    mapped = [self._steps([candidate], steps)]
                    results += self._combined(mapped, list, candidate.origin or origin)
                elif items is None:
                    results.append(Candidate([], candidate.origin or origin))
                elif isinstance(items, Namespace):
                    results += self._steps([candidate], steps)
                else:
                    results.append(undecided(f"{written_text(node)}", candidate.origin or origin))
            return results
        base, step = node.children
        return self._steps(self.values(base), (step,))

    def _steps(self, candidates: list, steps: tuple) -> list[Candidate]:
        for step in steps:
            keys = [Candidate(step.value, "")] if step.kind == "attr" else self.values(step.children[0])
            following = []
            for candidate, key in product(candidates, keys):
                following += self._step(candidate, key.value, step.kind == "attr")
            candidates = following
        return candidates

    def _step(self, candidate: Candidate, key: Any, is_attribute: bool) -> list[Candidate]:
        value = candidate.value
        if isinstance(value, Namespace):
            return value.step(self, key, is_attribute, candidate.origin)
        if isinstance(value, dict):
            if isinstance(key, (str, int)) and str(key) in value:
                return [Candidate(value[str(key)], candidate.origin)]
            if isinstance(key, (Symbol, Failure)):
                return [undecided(f"{shown(value)}[{shown(key)}]", candidate.origin)]
            return [Candidate(Failure(f"{_named(value)} has no element {shown(key)}"), candidate.origin)]
        if isinstance(value, list):
            position = number(key)
            if isinstance(position, int) and 0 <= position < len(value):
                return [Candidate(value[position], candidate.origin)]
            if isinstance(key, (Symbol, Failure)):
                return [undecided(f"an element of {_named(value)}", candidate.origin)]
            return [Candidate(Failure(f"{_named(value)} has no element {shown(key)}"), candidate.origin)]
        if isinstance(value, Symbol) and value.kind is Kind.OUTSIDE:
            step = f".{key}" if is_attribute else f"[{shown(key)}]"
            return [Candidate(Symbol(Kind.OUTSIDE, value.text + step), candidate.origin)]
        if isinstance(value, (Symbol, Failure)):
            return [candidate]
        return [Candidate(Failure(f"{shown(value)} has no attribute {shown(key)}"), candidate.origin)]

    def _root(self, name: str, origin: str) -> list[Candidate]:
        if name in self.scope.names:
            return self.scope.names[name]
        namespace = {"var": Variables, "local": Locals, "module": Modules, "data": DataSources, "count": Count,
                     "each": Each, "path": Unknowable, "terraform": Unknowable, "self": Unknowable}.get(name)
        if namespace is not None:
            return [Candidate(namespace(name), origin)]
        return [Candidate(Resources(name), origin)]

    # --- definitions ------------------------------------------------------------------------------

    def variable(self, name: str, origin: str) -> list[Candidate]:
        module_level = self.in_scope(self.scope.module_level())
        return module_level.memoised("variable", name, origin, lambda: module_level._variable(name, origin))

    def _variable(self, name: str, origin: str) -> list[Candidate]:
        scope = self.scope
        definition = scope.module.find("variable", name)
        if definition is None:
            return [Candidate(Failure(f"var.{name}, which no variable block declares"), origin)]
        type_node = definition.attribute("type")
        nullable = self.in_scope(Scope(scope.module)).values(definition.attribute("nullable"), definition.path)
        found = self._variable_values(name, definition, all(c.value is not False for c in nullable))
        if type_node is None:
            return found
        return [Candidate(_with_optional_defaults(self, type_node, c.value, definition.path), c.origin) for c in found]

    def _variable_values(self, name: str, definition: Definition, nullable: bool) -> list[Candidate]:
        scope = self.scope
        given = None
        if scope.call is not None and scope.parent is not None:
            argument = scope.call.attribute(name)
            if argument is not None:
                given = self.in_scope(scope.parent).values(argument, scope.call.path)
        elif scope.root_tfvars:
            given = self._tfvars(name)
        default_node = definition.attribute("default")
        if given is not None and (nullable or all(c.value is not None for c in given)):
            return given
        if given is not None:  # nullable = false: a null argument takes the default
            given = [c for c in given if c.value is not None]
        if default_node is None:
            if scope.call is not None:
                return given or [Candidate(Failure(f"the required variable {name} that {scope.prefix.rstrip('.')} does not set"), definition.where)]
            return (given or []) + [Candidate(Symbol(Kind.OUTSIDE, f"the required variable {name}"), definition.where)]
        defaults = [Candidate(c.value, f"the default of variable {name}, {c.origin}")
                    for c in self.in_scope(Scope(scope.module)).values(default_node, definition.path)]
        return (given or []) + defaults

    def _tfvars(self, name: str) -> Optional[list[Candidate]]:
        """The value the root module's variable files give: Terraform's automatic files, then Checkov's var files."""
        chosen = None
        for path in self.scope.module.tfvars_paths():
            try:
                values = files.tfvars_values(path)
            except files.ReadProblem as problem:
                return [Candidate(Failure(str(problem)), files.shown_path(path))]
            if name in values:
                chosen = (values[name], path)
        if chosen is None:
            return None
        (node, _where), path = chosen
        return self.in_scope(Scope(self.scope.module)).values(node, path)

    def local(self, name: str, origin: str) -> list[Candidate]:
        definition = self.scope.module.find("local", name)
        if definition is None:
            return [Candidate(Failure(f"local.{name}, which no locals block defines{self._problems()}"), origin)]
        module_level = self.in_scope(self.scope.module_level())
        return module_level.memoised("local", name, origin,
                                     lambda: module_level.values(definition.attribute("value"), definition.path))

    def _problems(self) -> str:
        return f" ({'; '.join(self.scope.module.problems)})" if self.scope.module.problems else ""

    def module_output(self, name: str, key: Any, output: str, origin: str) -> list[Candidate]:
        text = f"module.{name}{'' if key is NO_KEY else f'[{shown(key)}]'}.{output}"
        definition = self.scope.module.find("module", name)
        source = definition.attribute("source") if definition is not None else None
        directory = None
        if source is not None and source.kind == "literal" and isinstance(source.value, str) and source.value.startswith("."):
            directory = os.path.join(os.path.dirname(definition.path), source.value)
        if directory is None or not os.path.isdir(directory):
            return [Candidate(Symbol(Kind.OUTSIDE, f"the output {text} of a module outside the scanned files"), origin)]
        child = self.child_scope(definition, name, key, directory)
        output_definition = child.module.find("output", output)
        if output_definition is None:
            return [Candidate(Failure(f"{text}, which the module does not output"), origin)]
        inner = self.in_scope(child)
        return inner.memoised("output", output, origin,
                              lambda: inner.values(output_definition.attribute("value"), output_definition.path))

    def module_instances(self, name: str, origin: str) -> list[Candidate]:
        """``module.m``: the call, or its instances when the files decide its count or for_each.

        A module call with ``count = 0`` or an empty ``for_each`` has no instance: an index into it fails (``try``
        falls back), a splat is empty, ``length`` is 0. A count the files leave open keeps every index possible.
        """
        definition = self.scope.module.find("module", name)
        count = definition.attribute("count") if definition is not None else None
        for_each = definition.attribute("for_each") if definition is not None else None
        if count is None and for_each is None:
            return [Candidate(ModuleCall(name), origin)]
        results = []
        for value, where, keys in self.instance_keys(definition):
            if keys is None:  # the files do not decide how many: every instance is possible
                results.append(Candidate(ModuleCall(name), origin))
            elif count is not None:
                results.append(Candidate(Instances([ModuleCall(name, key) for key in keys],
                                                   f"module.{name} (count is {len(keys)}, {where})"), origin))
            else:
                described = f"module.{name} (for_each {'is empty' if not keys else 'has the keys ' + ', '.join(keys)}, {where})"
                results.append(Candidate(InstanceMap({key: ModuleCall(name, key) for key in keys}, described), origin))
        return results

    def instance_keys(self, definition: Definition) -> list[tuple]:
        """(value, where, keys) for each value the block's count or for_each can take; keys None when left open."""
        count, for_each = definition.attribute("count"), definition.attribute("for_each")
        found = []
        module_level = self.in_scope(self.scope.module_level())
        for candidate in module_level.values(count if count is not None else for_each, definition.path):
            value, where = candidate.value, candidate.origin or definition.where
            if count is not None and isinstance(number(value), int) and 0 <= number(value) <= MAX_INSTANCES:
                found.append((value, where, list(range(number(value)))))
            elif count is None and isinstance(value, (dict, list)) and not any(map(is_open, value)) \
                    and len(value) <= MAX_INSTANCES:
                found.append((value, where, [str(key) for key in value]))
            else:
                found.append((value, where, None))
        return found

    def child_scope(self, call: Definition, name: str, key: Any, directory: str) -> Scope:
        instance = self.in_scope(self.scope.module_level()).instance_of(call, key)
        suffix = "" if key is NO_KEY else f"[{shown(key) if isinstance(key, int) else json.dumps(key)}]"
        parent = Scope(self.scope.module, self.scope.prefix, self.scope.call, self.scope.parent, instance,
                       None, self.scope.root_tfvars)
        return Scope(self.scope.module.configuration.folder(directory), f"{self.scope.prefix}module.{name}{suffix}.", call,
                     parent)

    def instance_of(self, definition: Definition, key: Any) -> dict:
        """count.index, each.key and each.value of one instance of a counted or for_each block."""
        if key is NO_KEY:
            return {}
        if definition.attribute("for_each") is not None:
            values = []
            for candidate in self.values(definition.attribute("for_each"), definition.path):
                collection = candidate.value
                if isinstance(collection, dict) and str(key) in collection:
                    values.append(Candidate(collection[str(key)], candidate.origin))
                elif isinstance(collection, list) and key in collection:
                    values.append(Candidate(key, candidate.origin))
                else:
                    values.append(undecided(f"each.value of the instance {shown(key)}", candidate.origin))
            return {"each.key": [Candidate(key, definition.where)], "each.value": values}
        return {"count.index": [Candidate(key, definition.where)]}

    def data_source(self, data_type: str, name: str, attribute: str, origin: str) -> list[Candidate]:
        text = f"data.{data_type}.{name}"
        if data_type == "terraform_remote_state":
            return [Candidate(Symbol(Kind.OUTSIDE, f"the remote state {text}.{attribute}"), origin)]
        if data_type not in KEY_DATA_SOURCES:
            return [Candidate(Symbol(Kind.OUTSIDE, f"the data source {text}"), origin)]
        definition = self.scope.module.find("data", data_type, name)
        looked_up = definition.attribute(KEY_DATA_SOURCES[data_type]) if definition is not None else None
        if looked_up is None:
            return [Candidate(Symbol(Kind.OUTSIDE, f"the key {text} looks up"), origin)]
        results = []
        for candidate in self.in_scope(self.scope.module_level()).values(looked_up, definition.path):
            value = candidate.value
            if isinstance(value, str) and "alias/aws/" in value:
                results.append(Candidate(value, f"looked up by {text}, {candidate.origin}"))
            else:
                results.append(Candidate(Symbol(Kind.OUTSIDE, f"the key {text} looks up ({shown(value)})"), definition.where))
        return results

    def resource(self, resource_type: str, name: str, origin: str) -> list[Candidate]:
        """``aws_x.name``: one object, or its instances when the files decide its count or for_each.

        A resource with ``count = 0`` or an empty ``for_each`` exists in no instance: an index into it fails (``try``
        falls back), a splat is empty, ``length`` is 0. A count the files leave open keeps every index possible.
        """
        definition = self.scope.module.find("resource", resource_type, name)
        if definition is None:
            return [Candidate(Resources(resource_type, name), origin)]
        count, for_each = definition.attribute("count"), definition.attribute("for_each")
        if count is None and for_each is None:
            return [Candidate(Resources(resource_type, name, single=True), origin)]
        text = f"{resource_type}.{name}"
        results = []
        module_level = self.in_scope(self.scope.module_level())
        for candidate in module_level.values(count if count is not None else for_each, definition.path):
            value, where = candidate.value, candidate.origin or definition.where
            if count is not None and isinstance(number(value), int) and 0 <= number(value) <= MAX_INSTANCES:
                described = f"{text} (count is {number(value)}, {where})"
                results.append(Candidate(Instances([Resources(resource_type, name, f"[{index}]")
                                                    for index in range(number(value))], described), origin))
            elif for_each is not None and isinstance(value, (dict, list)) and not any(map(is_open, value)) \
                    and len(value) <= MAX_INSTANCES:
                keys = [str(key) for key in value]
                described = f"{text} (for_each {'is empty' if not keys else 'has the keys ' + ', '.join(keys)}, {where})"
                results.append(Candidate(InstanceMap({key: Resources(resource_type, name, f'["{key}"]') for key in keys},
                                                     described), origin))
            else:  # the files do not decide how many: every instance is possible
                results.append(Candidate(Resources(resource_type, name), origin))
        return results

    def resource_attribute(self, resource_type: str, name: str, attribute: str, origin: str,
                           written: str = "") -> list[Candidate]:
        text = f"{written or f'{resource_type}.{name}'}.{attribute}"
        if resource_type in KEY_TYPES and attribute in _KEY_ARN_ATTRIBUTES:
            return [Candidate(Symbol(Kind.KEY_RESOURCE, text), origin)]
        if resource_type in KEY_TYPES and attribute in _KEY_ID_ATTRIBUTES:
            return [Candidate(Symbol(Kind.KEY_RESOURCE, text, KEY_ID_NOTE), origin)]
        if resource_type in ALIAS_TYPES:
            if attribute in ("target_key_arn",):
                return [Candidate(Symbol(Kind.KEY_RESOURCE, text), origin)]
            definition = self.scope.module.find("resource", resource_type, name)
            alias_node = definition.attribute(ALIAS_TYPES[resource_type]) if definition is not None else None
            results = []
            for candidate in self.in_scope(self.scope.module_level()).values(alias_node, getattr(definition, "path", None)):
                if isinstance(candidate.value, str) and candidate.value.startswith("alias/aws/"):
                    results.append(Candidate(candidate.value, f"the name of {resource_type}.{name}, {candidate.origin}"))
                else:
                    results.append(Candidate(Symbol(Kind.KEY_RESOURCE, text, ALIAS_NOTE), origin))
            return results
        return [Candidate(text, origin)]  # not a KMS key: judged as the reference it is


def _named(value: Any) -> str:
    """A collection as a reason names it: its description, or its text cut short."""
    described = getattr(value, "described", None)
    if isinstance(described, str):
        return described
    text = shown(value)
    return text if len(text) <= 80 else text[:76] + " ...}" if isinstance(value, dict) else text[:76] + " ...]"


def _with_optional_defaults(evaluator: Evaluator, type_node: Node, value: Any, path: str) -> Any:
    """A value of an object type with the defaults of its ``optional(type, default)`` attributes filled in."""
    if type_node.kind != "call" or not type_node.children:
        return value
    inner = type_node.children[0]
    if type_node.value == "object" and inner.kind == "object" and isinstance(value, dict):
        filled = dict(value)
        for key_node, attribute_type in inner.children:
            key = key_node.value
            if attribute_type.kind == "call" and attribute_type.value == "optional" and attribute_type.children:
                if filled.get(key) is None:  # optional(type) without a default is null
                    defaults = evaluator.values(attribute_type.children[1], path) if len(attribute_type.children) > 1 else []
                    filled[key] = defaults[0].value if len(defaults) == 1 else None
                attribute_type = attribute_type.children[0]
            if key in filled:
                filled[key] = _with_optional_defaults(evaluator, attribute_type, filled[key], path)
        return filled
    if type_node.value in ("map",) and isinstance(value, dict):
        return {key: _with_optional_defaults(evaluator, inner, item, path) for key, item in value.items()}
    if type_node.value in ("list", "set") and isinstance(value, list):
        return [_with_optional_defaults(evaluator, inner, item, path) for item in value]
    return value
