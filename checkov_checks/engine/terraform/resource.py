"""The values of one resource's key attribute, found from the resource Checkov hands a check.

The scan's ``Configuration`` (built once per Checkov graph) gives the resource's vertex, its file and lines; the
attribute is read from the parse tree (alone when that is unambiguous, else with its block), in the module instance
the address names (``module.a["x"].module.b[0].``).
"""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any, Optional

from agentcore_cmk import iac
from agentcore_cmk.resources import IacResource

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.evaluator import MAX_INSTANCES, Evaluator, Scope
from agentcore_cmk_checkov.engine.terraform.namespaces import NO_KEY
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration
from agentcore_cmk_checkov.engine.terraform.syntax import block_body, block_labels, blocks, parse_body
from agentcore_cmk_checkov.engine.terraform.values import Candidate, is_open, is_unsettled, number, shown, to_iac

LOGGER = logging.getLogger(__name__)
_SEGMENT = re.compile(r'module\.([\w-]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\.')
_INSTANCE_KEY = re.compile(r'\[(\d+|"(?:[^"\\]|\\.)*")\]$')


def _key(text: Optional[str]) -> Any:
    if not text:
        return NO_KEY
    inner = text.strip("[]")
    return int(inner) if inner.isdigit() else inner[1:-1].replace('\\"', '"')


def resource_values(row: IacResource, conf: dict, configuration: Configuration,
                    entity_path: str = "") -> list[iac.Value]:
    """Every value the row's key attribute can take in this resource instance, in the scan's configuration.

    ``entity_path`` is Checkov's "<scanned file>:<resource type>:<name>" for the resource.
    """
    scanned_file, name = entity_path.split(":", 1)[0], entity_path.rsplit(":", 1)[-1]
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else ""
    vertex = configuration.vertex(address, scanned_file, conf.get("__start_line__"))
    path = vertex.get("file_path_") if vertex else None
    if not isinstance(path, str):
        on_disk = _on_disk(scanned_file)
        if on_disk and on_disk.endswith(".json"):  # CDK for Terraform's runner: no address, the file is at hand
            return _json_resource_values(row, on_disk, name, configuration)
        if configuration.from_graph:
            LOGGER.warning("agentcore-cmk: %s is not in Checkov's graph; judging what Checkov rendered", address)
        return _without_source(row, conf)
    try:
        scopes = module_scopes(address, path, configuration)
        if isinstance(scopes, NoInstance):
            return scopes
        definition, alone = _definition(row, vertex, path, address)
        if len(scopes) == 1:
            return _values_in(row, next(iter(scopes.values())), definition, alone, address, vertex, path)
        found = InstanceValues()  # a module call Checkov did not expand: each of its instances
        for label, scope in scopes.items():
            values = _values_in(row, scope, definition, alone, address, vertex, path)
            if isinstance(values, InstanceValues):
                found.update({f"{label}: {key}": inner for key, inner in values.items()})
            else:
                found[label] = values
        return found
    except files.ReadProblem as problem:
        return [iac.unknown(f"{row.field} ({problem})", files.shown_path(path))]


def _values_in(row, scope, definition, alone, address, vertex, path):
    """The attribute's values in one module instance: per resource instance when Checkov did not expand them."""
    instance = _INSTANCE_KEY.search(address)
    evaluator = Evaluator(scope)
    if instance and definition is not None:
        scope.instance = evaluator.instance_of(definition, _key(instance.group(0)))
    elif definition is not None and (definition.attribute("for_each") or definition.attribute("count")):
        return _every_instance(row, evaluator, definition, vertex, path)
    return _attribute_values(row, evaluator, definition, alone, vertex, path)


class InstanceValues(dict):
    """instance key -> the values of the attribute in that instance: one record Checkov did not expand."""


def _every_instance(row, evaluator, definition, vertex, path):
    """Checkov reports one record for a for_each or count it did not expand: every instance is evaluated."""
    instances = resource_instances(evaluator, definition, path)
    if not isinstance(instances, dict):
        return instances
    found = InstanceValues()
    for key, instance in instances.items():
        found[key] = _attribute_values(row, instance, definition, None, vertex, path)
    return found


def resource_instances(evaluator, definition, path):
    """key -> the evaluator of that instance, for a resource whose count or for_each Checkov did not expand; or
    [a value] saying why the files do not decide its instances."""
    for_each = definition.attribute("for_each")
    keys: list = []
    for candidate in evaluator.values(for_each if for_each is not None else definition.attribute("count"), path):
        collection = candidate.value
        if for_each is not None and isinstance(collection, (dict, list)) and not any(map(is_open, collection)):
            keys += [str(key) for key in collection]
        elif for_each is None and isinstance(number(collection), int) and number(collection) >= 0:
            keys += list(range(number(collection)))
        else:
            return [to_iac(candidate) if is_unsettled(collection) else
                    iac.unknown(f"the instances of {definition.where} ({'for_each' if for_each is not None else 'count'} "
                                f"is {shown(collection)})", candidate.origin)]
    found = {}
    for key in dict.fromkeys(keys):
        instance = Evaluator(Scope(evaluator.scope.module, evaluator.scope.prefix, evaluator.scope.call,
                                   evaluator.scope.parent, None, None, evaluator.scope.root_tfvars), evaluator.run)
        instance.scope.instance = instance.instance_of(definition, key)
        found[key] = instance
    return found


def _attribute_values(row, evaluator, definition, alone, vertex, path) -> list[iac.Value]:
    line = vertex.get("__start_line__")
    where = f"{files.shown_path(path)}:{line}" if line else files.shown_path(path)
    if definition is None:  # the attribute was read alone
        if alone is None:
            return [iac.absent("", where)]
        return [to_iac(c) for c in evaluator.values(alone, path)] + _problems(evaluator)
    if len(row.path) == 2:  # an attribute of a nested block: each block as written or as a dynamic block expands
        values = []
        for block, block_evaluator, block_where in _block_instances(evaluator, definition, row.path[0], where):
            if block is None:
                values.append(block_evaluator)  # a value: why there is no block
                continue
            values += _block_values(row, block_evaluator, block, row.path[1:], row.key_type_path[1:], block_where)
        return values + _problems(evaluator)
    return _block_values(row, evaluator, definition, row.path, row.key_type_path, where) + _problems(evaluator)


def _block_values(row, evaluator, definition, key_path, key_type_path, where) -> list[iac.Value]:
    def key_values() -> list[iac.Value]:
        node = definition.attribute(*key_path)
        return [iac.absent("", where)] if node is None else [to_iac(c) for c in evaluator.values(node, definition.path)]

    if not row.key_type_path:
        return key_values()
    key_type = definition.attribute(*key_type_path)
    key_types = [iac.absent("", where)] if key_type is None else [to_iac(c) for c in evaluator.values(key_type, definition.path)]
    return iac.under_key_type(key_types, key_values, ".".join(row.key_type_path), row.customer_key_type)


def _block_instances(evaluator, definition, name: str, where: str) -> list:
    """(block definition, its evaluator, where) for each block ``name``; (None, a value, "") when there is none."""
    written = definition.blocks(name)
    if not written:
        return [(None, iac.absent("", f"no {name} block, {where}"), "")]
    found = []
    for block, dynamic in written:
        if dynamic is None:
            found.append((block, evaluator, where))
            continue
        for_each = dynamic.definition.attribute("for_each")
        dynamic_where = dynamic.definition.where
        if block is None or for_each is None:
            found.append((None, iac.unknown(f'the dynamic "{name}" block without for_each or content', dynamic_where), ""))
            continue
        for candidate in evaluator.values(for_each, definition.path):
            items = candidate.value
            pairs = list(items.items()) if isinstance(items, dict) else list(enumerate(items)) if isinstance(items, list) else None
            why = candidate.origin or dynamic_where
            if pairs is None:
                found.append((None, to_iac(candidate) if is_unsettled(items) else
                              iac.unknown(f"the for_each of the dynamic {name} block ({shown(items)})", dynamic_where), ""))
            elif not pairs:
                found.append((None, iac.absent("", f"no {name} block: the dynamic block's for_each is empty, {why}"), ""))
            for key, item in pairs or ():
                bound = evaluator.in_scope(evaluator.scope.with_names(
                    {dynamic.iterator: [Candidate({"key": key, "value": item}, candidate.origin or dynamic_where)]}))
                found.append((block, bound, f"{dynamic_where}, the element {shown(key)} of its for_each"))
    return found


def _problems(evaluator: Evaluator) -> list[iac.Value]:
    """Files of the module that could not be read again: a value nobody could verify, so the verdict says so."""
    return [iac.unknown(f"the definitions in a file that could not be read again ({problem})")
            for problem in evaluator.scope.module.problems]


def _definition(row: IacResource, vertex: dict, path: str, address: str):
    """The resource's block, parsed, when the attribute cannot be read alone (nested, count or for_each)."""
    start, end = vertex.get("__start_line__"), vertex.get("__end_line__")
    needs_block = len(row.path) > 1 or _INSTANCE_KEY.search(address) or path.endswith(".json")
    if not needs_block and isinstance(start, int) and isinstance(end, int):
        alone = files.resource_attribute_fast(path, start, end, row.path[0])
        counted = any(files.resource_attribute_fast(path, start, end, name) is not None for name in ("for_each", "count"))
        if alone is not ... and not counted:
            return None, alone
    resource_name = _INSTANCE_KEY.sub("", vertex.get("block_name_", "")).split(".", 1)
    if not path.endswith(".json") and isinstance(start, int) and isinstance(end, int):
        text = "\n".join(files.lines(path)[start - 1:end]) + "\n"
        try:
            tree = parse_body(text)
            found = blocks(tree.children[0])
            if len(found) == 1 and block_labels(found[0]) == ["resource", *resource_name]:
                return files.Definition(path, start, block_body(found[0]), offset=start - 1), None
        except Exception:
            LOGGER.debug("agentcore-cmk: block %s at %s:%s parsed with its file", address, path, start)
    definition = files.file_definitions(path).get(("resource", *resource_name))
    if definition is None:
        raise files.ReadProblem(f"{files.shown_path(path)} no longer holds {'.'.join(resource_name)}")
    return definition, None


class NoInstance(str):
    """The resource is inside a module call that has no instance (``count = 0``, an empty ``for_each``): why."""


def module_scope(address: str, path: str, configuration: Configuration):
    """The module instance the address names (a call Checkov left unexpanded stays one instance whose ``each`` the
    files do not show); ``NoInstance`` when there is none."""
    scopes = module_scopes(address, path, configuration, expand=False)
    return scopes if isinstance(scopes, NoInstance) else next(iter(scopes.values()))


class ModuleInstances(dict):
    """instance address ("module.m[\"a\"]", "" when the address names one instance) -> its scope."""


def module_scopes(address: str, path: str, configuration: Configuration, expand: bool = True):
    """Every module instance the address stands for, from the root module down; ``NoInstance`` when there is none.

    Checkov keeps the resources of a module call with ``count = 0`` or an empty ``for_each`` (unindexed); a call
    whose count or for_each the files decide to be empty deploys nothing. One the files leave open may deploy.
    A call Checkov did not expand (a ``for_each`` past its rendering limit) but whose keys the files decide stands
    for each of its instances, with its own ``each.value``.
    """
    segments = [(name, _key(key)) for name, key in _SEGMENT.findall(address)]
    directory = os.path.dirname(path)
    chain = []  # (call definition, name, key, child folder), innermost first
    for name, key in reversed(segments):
        call = configuration.module_call(name, directory)
        if call is None:
            break
        chain.append((call, name, key, directory))
        directory = os.path.dirname(call.path)
    if len(chain) < len(segments):  # a caller the plug-in cannot find: the module's own defaults apply
        return ModuleInstances({"": Scope(configuration.folder(os.path.dirname(path)), root_tfvars=False)})
    scopes = ModuleInstances({"": Scope(configuration.folder(directory))})
    for call, name, key, child in reversed(chain):
        children, empty = ModuleInstances(), None
        for label, scope in scopes.items():
            evaluator = Evaluator(scope)
            keys = [key]
            if key is NO_KEY and (call.attribute("count") is not None or call.attribute("for_each") is not None):
                decided = evaluator.instance_keys(call)
                if decided and all(found is not None for _value, _where, found in decided):
                    keys = list(dict.fromkeys(k for _value, _where, found in decided for k in found))
                    if not keys:
                        written = "count is 0" if call.attribute("count") is not None else "for_each is empty"
                        empty = empty or NoInstance(f"module.{name} has no instance ({written}, {decided[0][1]})")
                    elif not expand:
                        keys = [key]
            for instance in keys:
                children[label if instance is key else f"{label}module.{name}[{_shown_key(instance)}]."] = \
                    evaluator.child_scope(call, name, instance, child)
            if len(children) > MAX_INSTANCES:
                raise iac.LimitReached(f"the module calls of {address} have more than {MAX_INSTANCES} instances")
        if not children:
            return empty
        scopes = children
    return ModuleInstances({label.rstrip("."): scope for label, scope in scopes.items()})


def _shown_key(key: Any) -> str:
    """An instance key as an address writes it: [0], ["a"]."""
    return str(key) if isinstance(key, int) else json.dumps(key)


def _on_disk(scanned_file: str) -> Optional[str]:
    """The scanned file, which Checkov names relative to the folder it scans (the working directory by default)."""
    for candidate in (scanned_file, os.path.join(os.getcwd(), scanned_file.lstrip("/"))):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


def _json_resource_values(row: IacResource, path: str, name: str, configuration: Configuration) -> list[iac.Value]:
    try:
        definition = files.file_definitions(path).get(("resource", row.resource_type, name))
        if definition is None:
            raise files.ReadProblem(f"{files.shown_path(path)} no longer holds {row.resource_type}.{name}")
    except files.ReadProblem as problem:
        return [iac.unknown(f"{row.field} ({problem})", files.shown_path(path))]
    evaluator = Evaluator(Scope(configuration.folder(os.path.dirname(path))))
    return _attribute_values(row, evaluator, definition, None, {"__start_line__": 0}, path)


def _without_source(row: IacResource, conf: dict) -> list[iac.Value]:
    """No file to read (a check run outside a scan): what Checkov rendered, read as .tf.json reads strings."""
    value: Any = conf
    for name in row.path:
        value = value.get(name) if isinstance(value, dict) else None
        value = value[0] if isinstance(value, list) and len(value) == 1 else value
        if value is None:
            return [iac.absent("")]
    node = files.json_node(value)
    scope = Scope(_Empty())
    return [to_iac(c) for c in Evaluator(scope).values(node)]


class _Empty:
    """A module with no definitions (no file to look them up in)."""

    directory = ""
    configuration = Configuration()
    problems: list = []

    def find(self, *key):
        return None
