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

from agentcore_cmk import iac
from agentcore_cmk.iac import MAX_DEPTH, MAX_WORK, Kind, LimitReached, WorkBudget

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.files import Definition
from agentcore_cmk_checkov.engine.terraform.functions import call
from agentcore_cmk_checkov.engine.terraform.configuration import ModuleFolder
from agentcore_cmk_checkov.engine.terraform.syntax import Node, written_text
from agentcore_cmk_checkov.engine.terraform.namespaces import (
    NO_KEY, Count, DataSource, DataSources, Each, InstanceMap, Instances, Locals, ModuleCall, Modules, Namespace, Paths, Resources,
    Unknowable,
    Variables,
)
from agentcore_cmk_checkov.engine.terraform.values import (
    ALIAS_NOTE, KEY_ID_NOTE, MAX_VALUES, Candidate, Failure, Symbol, as_text, capped, is_open, is_unsettled, number,
    operate, shown,
    stopped,
    telling_origin, truth, undecided,
)

KEY_TYPES = frozenset({"aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key",
                       "awscc_kms_key", "awscc_kms_replica_key"})
ALIAS_TYPES = {"aws_kms_alias": "name", "awscc_kms_alias": "alias_name"}
#: The KMS data sources, each with the argument that names the key it looks up.
KEY_DATA_SOURCES = {"aws_kms_key": "key_id", "aws_kms_alias": "name", "awscc_kms_key": "id", "awscc_kms_alias": "id"}
#: The attributes of a KMS data source that give the key (or the alias) it looked up.
_LOOKED_UP_ATTRIBUTES = {"arn", "id", "key_id", "target_key_arn", "target_key_id", "name", "alias_name", "key_arn"}
#: Data source attributes the deployer supplies for the configuration: outside inputs.
DEPLOYER_INPUTS = {("aws_ssm_parameter", "value"): "the SSM parameter value", ("aws_ssm_parameter", "insecure_value"):
                   "the SSM parameter value", ("awscc_ssm_parameter", "value"): "the SSM parameter value"}
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


#: Evaluation steps per byte of the configuration, on top of ``MAX_WORK``: the budget grows with the input (a
#: ``for_each`` filtered over 1,000 keys spends steps in proportion to them), so only a shape whose cost grows
#: faster than the input runs out of it.
WORK_PER_BYTE = 8
_configuration_bytes: dict = {}


def configuration_bytes(directory: str) -> int:
    """The size of the Terraform files under a root module's folder (its modules included), once per folder."""
    if directory not in _configuration_bytes:
        total = 0
        for folder, subfolders, names in os.walk(directory or "."):
            subfolders[:] = [name for name in subfolders if name == ".terraform" or not name.startswith(".")
                             and name != "node_modules"]
            for name in names:
                if name.endswith((".tf", ".tf.json", ".tfvars", ".tfvars.json")):
                    try:
                        total += os.path.getsize(os.path.join(folder, name))
                    except OSError:
                        pass
        _configuration_bytes[directory] = total
    return _configuration_bytes[directory]


_installed_modules: dict = {}


def installed_modules(root: str) -> dict:
    """Module key (``a.b``) -> folder, from the ``.terraform/modules/modules.json`` that ``terraform init`` writes."""
    if root not in _installed_modules:
        found = {}
        try:
            with open(os.path.join(root or ".", ".terraform", "modules", "modules.json"), encoding="utf-8") as file:
                for module in json.load(file).get("Modules", []):
                    if isinstance(module, dict) and isinstance(module.get("Key"), str) and isinstance(module.get("Dir"), str):
                        found[module["Key"]] = module["Dir"]
        except (OSError, ValueError, AttributeError):
            pass
        _installed_modules[root] = found
    return _installed_modules[root]


class _Run:
    """What one attribute's evaluation shares across scopes: its work budget and the definitions in progress."""

    __slots__ = ("budget", "active")

    def __init__(self, steps: int = MAX_WORK) -> None:
        self.budget = WorkBudget(steps)
        self.active: set = set()


class Evaluator:
    """Evaluates expressions in one scope; ``file`` is the file the expression being evaluated is written in."""

    def __init__(self, scope: Scope, run: Optional[_Run] = None) -> None:
        self.scope = scope
        self.depth = 0
        self.file: Optional[str] = None
        self.run = run or _Run(MAX_WORK + WORK_PER_BYTE * configuration_bytes(self.root_directory()))

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
            if scope_key is not None:  # remembered for every later reference: no one reference's line in it
                memo[key] = [stopped(limit.why.replace("evaluating it", f"evaluating {kind} {name}"))]
            raise
        finally:
            self.run.active.discard(key)
        if scope_key is not None:
            memo[key] = found
        return found

    def root_directory(self) -> str:
        """The root module's folder, from which Terraform reads relative paths (``file("keys.json")``)."""
        scope = self.scope
        while scope.parent is not None:
            scope = scope.parent
        return scope.module.directory

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
            return self._combined([self.values(child) for child in node.children], origin)
        if kind == "object":
            return self._object(node, origin)
        if kind in ("for_tuple", "for_object"):
            return self._for(node, origin)
        return [undecided(written_text(node), origin)]

    # --- shapes -----------------------------------------------------------------------------------

    def _combined(self, value_lists: list, origin: str, names: Optional[list] = None) -> list[Candidate]:
        """Each list (or, with ``names``, dict) the elements' values can make. Its origin is the elements' one
        origin, or the expression's when they come from different places; each element keeps its own."""
        results = []
        for combination in product(*value_lists):
            if len(results) >= MAX_VALUES:
                return results + [stopped(f"it can take more than {MAX_VALUES} values", origin)]
            values = [candidate.value for candidate in combination]
            origins = {c.origin for c in combination if c.origin}
            results.append(Candidate(dict(zip(names, values)) if names is not None else values,
                                     origins.pop() if len(origins) == 1 else origin,
                                     dict(zip(names, combination)) if names is not None else combination))
        return results

    def _object(self, node: Node, origin: str) -> list[Candidate]:
        keys = [self.values(key) for key, _ in node.children]
        values = [self.values(value) for _, value in node.children]
        if any(len(options) != 1 or not isinstance(options[0].value, str) for options in keys):
            return [undecided("an object whose keys the files do not decide", origin)]
        names = [options[0].value for options in keys]
        return self._combined(values, origin, names)

    def _template(self, node: Node, origin: str) -> list[Candidate]:
        if len(node.children) == 1 and not isinstance(node.children[0], str):
            return self.values(node.children[0])  # "${x}" is x itself (HCL2), not its text
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
                    results += self._combined(mapped, candidate.origin or origin)
                elif isinstance(items, Resources) and items.single:  # a splat of one object is a list of it
                    mapped = [self._steps([candidate], steps)]
                    results += self._combined(mapped, candidate.origin or origin)
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
                return [_element(candidate, str(key))]
            if _is_deployer_input(key) and value:
                return _any_element(candidate, key)
            if isinstance(key, (Symbol, Failure)):
                return [undecided(f"{shown(value)}[{shown(key)}]", candidate.origin)]
            return [Candidate(Failure(f"{_named(value)} has no element {shown(key)}"), candidate.origin)]
        if isinstance(value, list):
            position = number(key)
            if isinstance(position, int) and 0 <= position < len(value):
                return [_element(candidate, position)]
            if _is_deployer_input(key) and value:
                return _any_element(candidate, key)
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
                     "each": Each, "path": Paths, "terraform": Unknowable, "self": Unknowable}.get(name)
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
        nullable = self.in_scope(Scope(scope.module)).values(definition.attribute("nullable"), definition.path_of("nullable"))
        found = self._variable_values(name, definition, all(c.value is not False for c in nullable))
        if type_node is None:
            return found
        return [Candidate(_with_optional_defaults(self, type_node, c.value, definition.path_of("type")), c.origin) for c in found]

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
            allowed = None if given else self._allowed_values(name, definition)
            if allowed is not None:
                return allowed
            return (given or []) + [Candidate(Symbol(Kind.OUTSIDE, f"the required variable {name}"), definition.where)]
        defaults = [relabelled(c, f"the default of variable {name}, ")
                    for c in self.in_scope(Scope(scope.module)).values(default_node, definition.path_of("default"))]
        return (given or []) + defaults

    def _allowed_values(self, name: str, definition: Definition) -> Optional[list[Candidate]]:
        """The values a required variable's ``validation { condition = contains([...], var.name) }`` allows."""
        for block, dynamic in definition.blocks("validation"):
            condition = block.attribute("condition") if block is not None and dynamic is None else None
            if condition is None or condition.kind != "call" or condition.value != "contains" \
                    or len(condition.children) != 2 or written_text(condition.children[1]) != f"var.{name}":
                continue
            lists = self.in_scope(Scope(self.scope.module)).values(condition.children[0], definition.path_of("validation"))
            if len(lists) != 1 or not isinstance(lists[0].value, list) or not lists[0].value \
                    or any(map(is_open, lists[0].value)) or len(lists[0].value) > MAX_VALUES:
                continue
            where = files.shown_path(definition.path_of("validation")) + (f":{condition.line}" if condition.line else "")
            return [Candidate(value, f"the required variable {name}, which its validation allows to be {shown(value)}, "
                                     f"{where}") for value in dict.fromkeys(lists[0].value)]
        return None

    def _tfvars(self, name: str) -> Optional[list[Candidate]]:
        """The value the root module's variable files give: Terraform's automatic files, then Checkov's var files."""
        chosen = None
        for path in self.scope.module.tfvars_paths():
            try:
                values = files.tfvars_values(path)
            except files.ReadProblem as problem:  # a mistyped --var-file: said once, in plain words
                if not os.path.exists(path):
                    return [stopped(f"the variable file {files.shown_path(path)} does not exist")]
                return [stopped(f"the variable file {problem}")]
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
                                     lambda: module_level.values(definition.attribute("value"), definition.path_of("value")))

    def _problems(self) -> str:
        return f" ({'; '.join(self.scope.module.problems)})" if self.scope.module.problems else ""

    def module_output(self, name: str, key: Any, output: str, origin: str) -> list[Candidate]:
        text = f"module.{name}{'' if key is NO_KEY else f'[{shown(key)}]'}.{output}"
        definition = self.scope.module.find("module", name)
        directory = self._module_directory(definition, name) if definition is not None else None
        if directory is None or not os.path.isdir(directory):
            # Code the scan cannot read is no evidence of a customer key (unlike a deployer's input).
            return [stopped(f"the output {text} of a module whose source is not in the scanned files (run "
                            "terraform init, or Checkov with --download-external-modules, before the scan)", origin)]
        child = self.child_scope(definition, name, key, directory)
        output_definition = child.module.find("output", output)
        if output_definition is None:
            return [Candidate(Failure(f"{text}, which the module does not output"), origin)]
        inner = self.in_scope(child)
        return inner.memoised("output", output, origin,
                              lambda: inner.values(output_definition.attribute("value"), output_definition.path_of("value")))

    def _module_directory(self, definition: Definition, name: str) -> Optional[str]:
        """The folder of a module call: a local source, or where ``terraform init`` installed a registry or remote
        module (``.terraform/modules/modules.json`` of the root module)."""
        source = definition.attribute("source")
        if source is None or source.kind != "literal" or not isinstance(source.value, str):
            return None
        if source.value.startswith("."):
            return os.path.join(os.path.dirname(definition.path), source.value)
        calls = [part.split("[", 1)[0] for part in self.scope.prefix.split("module.") if part.strip(".")]
        root = self.root_directory()
        installed = installed_modules(root).get(".".join([call.rstrip(".") for call in calls] + [name]))
        return os.path.join(root, installed) if installed else None

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
                described = f"module.{name} (for_each {_keys_named(keys)}, {where})"
                results.append(Candidate(InstanceMap({key: ModuleCall(name, key) for key in keys}, described), origin))
        return results

    def expansion(self, definition: Definition) -> list[Candidate]:
        """The values of a block's count or for_each, evaluated once per module instance: every instance of the
        block (and every reference to it) reads them, so that their cost is paid once, not once per instance."""
        module_level = self.in_scope(self.scope.module_level())
        count = definition.attribute("count")
        node = count if count is not None else definition.attribute("for_each")
        return module_level.memoised(f"the {'count' if count is not None else 'for_each'} of", definition.where,
                                     definition.where, lambda: module_level.values(node, definition.path_of("count" if count is not None else "for_each")))

    def instance_keys(self, definition: Definition) -> list[tuple]:
        """(value, where, keys) for each value the block's count or for_each can take; keys None when left open."""
        count = definition.attribute("count")
        found = []
        for candidate in self.expansion(definition):
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
            for candidate in self.expansion(definition):
                collection = candidate.value
                if isinstance(collection, dict) and str(key) in collection:
                    values.append(_element(candidate, str(key)))
                elif isinstance(collection, list) and key in collection:
                    values.append(Candidate(key, candidate.origin))
                else:
                    values.append(undecided(f"each.value of the instance {shown(key)}", candidate.origin))
            return {"each.key": [Candidate(key, definition.where)], "each.value": values}
        return {"count.index": [Candidate(key, definition.where)]}

    def data_source(self, data_type: str, name: str, attribute: str, origin: str, key: Any = NO_KEY) -> list[Candidate]:
        """``data.t.n.attribute`` (``key``: the instance written, ``data.t.n[key]``).

        A KMS lookup is judged on what it looks up, in each instance it can be; any other data source gives what
        ``data_attribute`` says (an SSM parameter's value and a remote state output are outside inputs, the rest
        is not a key)."""
        text = f"data.{data_type}.{name}"
        if data_type not in KEY_DATA_SOURCES:
            return data_attribute(data_type, name, attribute, origin)
        if attribute not in _LOOKED_UP_ATTRIBUTES:
            return [Candidate(f"{text}.{attribute}", origin)]  # not a key: judged as the reference it is
        definition = self.scope.module.find("data", data_type, name)
        looked_up = definition.attribute(KEY_DATA_SOURCES[data_type]) if definition is not None else None
        if definition is None:  # a block the scan could not read (no file at hand) is no evidence of a customer key
            return [stopped(f"the key {text} looks up, whose block the scan could not read{self._problems()}", origin)]
        if looked_up is None:
            return [undecided(f"the key {text} looks up without {KEY_DATA_SOURCES[data_type]}", definition.where)]
        module_level = self.in_scope(self.scope.module_level())
        lookups = []
        for instance in module_level._data_instances(definition, key):
            lookups += module_level.in_scope(instance).values(looked_up, definition.path_of(KEY_DATA_SOURCES[data_type]))
        return looked_up_keys(text, lookups, definition.where)

    def data_instances(self, data_type: str, name: str, origin: str) -> list[Candidate]:
        """``data.t.n``: one lookup, or its instances when the files decide its count or for_each (so that a
        ``for`` expression, ``values()`` or a splat reads each one)."""
        definition = self.scope.module.find("data", data_type, name)
        if definition is None or definition.attribute("count") is None and definition.attribute("for_each") is None:
            return [Candidate(DataSource(data_type, name), origin)]
        results = []
        text = f"data.{data_type}.{name}"
        for value, where, keys in self.instance_keys(definition):
            if keys is None:  # the files do not decide the instances: each one is possible
                results.append(Candidate(DataSource(data_type, name), origin))
            elif definition.attribute("count") is not None:
                results.append(Candidate(Instances([DataSource(data_type, name, index) for index in keys],
                                                   f"{text} (count is {len(keys)}, {where})"), origin))
            else:
                results.append(Candidate(InstanceMap({key: DataSource(data_type, name, key) for key in keys},
                                                     f"{text} (for_each {_keys_named(keys)}, {where})"), origin))
        return results

    def _data_instances(self, definition: Definition, key: Any) -> list[Scope]:
        """The scopes of a data source's instances ``key`` can be: the one written, or each one the files decide."""
        if definition.attribute("count") is None and definition.attribute("for_each") is None:
            return [self.scope]
        if key is not NO_KEY and not is_open(key):
            return [Scope(self.scope.module, self.scope.prefix, self.scope.call, self.scope.parent,
                          self.instance_of(definition, key), None, self.scope.root_tfvars)]
        scopes = []
        for _value, _where, keys in self.instance_keys(definition):
            if keys is None:  # the files do not decide the instances: each.value and count.index stay unknown
                scopes.append(self.scope)
                continue
            for each in keys:
                scopes.append(Scope(self.scope.module, self.scope.prefix, self.scope.call, self.scope.parent,
                                    self.instance_of(definition, each), None, self.scope.root_tfvars))
        return scopes or [self.scope]

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
        # every instance of every resource that refers to it shares the same map of its instances: built once
        module_level = self.in_scope(self.scope.module_level())
        found = module_level.memoised("the instances of", f"{resource_type}.{name}", origin,
                                      lambda: module_level._resource_instances(resource_type, name, definition))
        return [Candidate(candidate.value, origin) for candidate in found]

    def _resource_instances(self, resource_type: str, name: str, definition: Definition) -> list[Candidate]:
        count, for_each = definition.attribute("count"), definition.attribute("for_each")
        origin = definition.where
        text = f"{resource_type}.{name}"
        results = []
        for candidate in self.expansion(definition):
            value, where = candidate.value, candidate.origin or definition.where
            if count is not None and isinstance(number(value), int) and 0 <= number(value) <= MAX_INSTANCES:
                described = f"{text} (count is {number(value)}, {where})"
                results.append(Candidate(Instances([Resources(resource_type, name, f"[{index}]")
                                                    for index in range(number(value))], described), origin))
            elif for_each is not None and isinstance(value, (dict, list)) and not any(map(is_open, value)) \
                    and len(value) <= MAX_INSTANCES:
                keys = [str(key) for key in value]
                described = f"{text} (for_each {_keys_named(keys)}, {where})"
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


def data_attribute(data_type: str, name: str, attribute: str, origin: str) -> list[Candidate]:
    """An attribute of a data source that does not look up a KMS key.

    A PASS needs evidence: only what the deployer supplies through an input that exists for it is an outside
    input (an SSM parameter's value, a remote state output). The account's default EBS key is aws/ebs unless the
    account chose another, and a key another resource uses may be any key: nobody could verify them. Any other
    attribute (the parameter's own ARN, a role's ARN, an account id) is not a key; inside a string it is a part the
    files do not show (an account id in a key ARN).
    """
    text = f"data.{data_type}.{name}.{attribute}"
    if data_type == "terraform_remote_state":
        return [Candidate(Symbol(Kind.OUTSIDE, f"the remote state {text}"), origin)]
    described = DEPLOYER_INPUTS.get((data_type, attribute))
    if described is not None:
        return [Candidate(Symbol(Kind.OUTSIDE, f"{described} {text}"), origin)]
    if data_type == "aws_ebs_default_kms_key":
        return [undecided(f"{text}, the account's default EBS key (the AWS managed key aws/ebs unless the account "
                          "chose another)", origin)]
    if "kms" in attribute or "key" in attribute:
        return [undecided(f"{text}, the key of an existing resource that the data source reads", origin)]
    return [Candidate(iac.hole(text), origin)]


def looked_up_keys(text: str, lookups: list[Candidate], where: str) -> list[Candidate]:
    """The key a KMS data source ``text`` finds, for each value its lookup argument can take.

    An AWS managed alias (``alias/aws/...``) gives that alias; a name the files give (a customer alias, a key id)
    or leave to the deployer (a required variable) is the key looked up; a name nobody could work out is not a
    lookup anyone verified.
    """
    results = []
    for candidate in lookups:
        value = candidate.value
        if isinstance(value, str) and "alias/aws/" in value:
            results.append(Candidate(value, f"looked up by {text}, {candidate.origin}"))
        elif isinstance(value, Symbol) and value.kind is Kind.KEY_RESOURCE:
            results.append(Candidate(Symbol(Kind.KEY_RESOURCE, f"{text}, which looks up {value.text}", value.note),
                                     candidate.origin or where))
        elif is_unsettled(value) or isinstance(value, Symbol) and value.kind is not Kind.OUTSIDE:
            why = value.text if isinstance(value, (Symbol, Failure)) else shown(value)
            results.append(Candidate(Symbol(value.kind if isinstance(value, Symbol) else Kind.UNKNOWN,
                                            f"the key {text}, whose name depends on {why},"), candidate.origin or where))
        elif value is None or value == "":
            results.append(Candidate(Failure(f"the key {text} looks up by an empty name"), candidate.origin or where))
        elif getattr(value, "described", None):  # another resource's attribute, known only after apply
            results.append(undecided(f"the key {text}, whose name depends on {value.described},", candidate.origin or where))
        elif not isinstance(value, (str, Symbol)):
            results.append(Candidate(Failure(f"the key {text} looks up by {shown(value)}, which is not a name"),
                                     candidate.origin or where))
        else:
            results.append(Candidate(Symbol(Kind.OUTSIDE, f"the key {text} looks up ({shown(value)})"), where))
    return results


def _keys_named(keys: list) -> str:
    """A for_each's keys as a reason names them: a few, and how many more."""
    if not keys:
        return "is empty"
    more = f" and {len(keys) - 10:,} more" if len(keys) > 10 else ""
    return f"has the keys {', '.join(keys[:10])}{more}"


def _is_deployer_input(key: Any) -> bool:
    return isinstance(key, Symbol) and key.kind is Kind.OUTSIDE or isinstance(key, str) and iac.has_hole(key)


def _any_element(candidate: Candidate, key: Any) -> list[Candidate]:
    """A map or list indexed by a value the deployer gives: any of its elements (another key fails to deploy)."""
    collection = candidate.value
    positions = sorted(collection) if isinstance(collection, dict) else range(len(collection))
    found = []
    for position in positions:
        element = _element(candidate, position)
        why = f"when {shown(key)} is {shown(position)}"
        found.append(Candidate(element.value, f"{element.origin}, {why}" if element.origin else why, element.parts))
    return found


def _element(candidate: Candidate, key: Any) -> Candidate:
    """The element ``key`` of a list or dict candidate, with the element's own origin when it is known."""
    part = candidate.parts[key] if isinstance(candidate.parts, (dict, tuple)) else None
    element = candidate.value[key]
    if part is not None and part.value is element:
        return part
    return Candidate(element, candidate.origin)


def relabelled(candidate: Candidate, prefix: str) -> Candidate:
    """The candidate with ``prefix`` before its origin, and before its elements' (one level deep)."""
    parts = candidate.parts
    if isinstance(parts, dict):
        parts = {key: Candidate(part.value, prefix + part.origin, part.parts) for key, part in parts.items()}
    elif isinstance(parts, tuple):
        parts = tuple(Candidate(part.value, prefix + part.origin, part.parts) for part in parts)
    return Candidate(candidate.value, prefix + candidate.origin, parts)


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
