"""The locator: the resource Checkov hands a check (an HCL or .tf.json resource configuration, a plan resource) as
its instances, each with one reader of its settings (``readers``), or why it has none.

``source_of`` finds where the resource is written: the plan document, or, through the scan's ``Configuration``
(built once per Checkov graph), the graph's vertex, its file and lines. ``locate`` then works out the instances:
the module instances the address names (``module.a["x"].module.b[0].``; a module call Checkov did not expand stands
for each of its instances, one whose count or for_each the files decide to be empty for none), and in each, the
resource instance the address names or, for a count or for_each Checkov did not expand, each instance the files
decide (``Evaluator.instance_keys`` decides both).
"""

from __future__ import annotations

import json
import logging
import os
import re
from dataclasses import dataclass, field
from typing import Any, Optional

from agentcore_cmk import iac
from agentcore_cmk.iac_candidates import Candidate, is_unsettled, shown, undecided
from agentcore_cmk.resources import IacResource

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.evaluator import MAX_INSTANCES, Evaluator, Scope
from agentcore_cmk_checkov.engine.terraform.namespaces import NO_KEY
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, plan_configuration
from agentcore_cmk_checkov.engine.terraform.plan import Plan, is_plan, plan_path
from agentcore_cmk_checkov.engine.terraform.readers import ConfigurationReader, PlanReader, ResourceBlock, UndecidedReader

LOGGER = logging.getLogger(__name__)
_SEGMENT = re.compile(r'module\.([\w-]+)(\[(?:\d+|"(?:[^"\\]|\\.)*")\])?\.')
_INSTANCE_KEY = re.compile(r'\[(\d+|"(?:[^"\\]|\\.)*")\]$')


@dataclass(frozen=True)
class Source:
    """Where the resource Checkov hands a check is written, as far as the scan shows."""

    #: Checkov's ``__address__`` ("" when it gives none).
    address: str
    #: The file Checkov names, relative to the folder it scans ("/stack/main.tf").
    scanned_file: str
    #: The resource's name, the last part of Checkov's ``entity_path``.
    name: str
    #: The plan document, for a resource of a plan.
    plan: Optional[str] = None
    #: The file that defines it, when Checkov's graph names the resource.
    path: Optional[str] = None
    #: The graph's vertex of the resource.
    vertex: dict = field(default_factory=dict, compare=False)


def source_of(conf: dict, configuration: Configuration, entity_path: str = "") -> Source:
    """Where the resource is written. ``entity_path`` is Checkov's "<scanned file>:<resource type>:<name>"."""
    scanned_file, name = entity_path.split(":", 1)[0], entity_path.rsplit(":", 1)[-1]
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else ""
    if is_plan(conf):
        return Source(address, scanned_file, name, plan=plan_path(conf))
    vertex = configuration.vertex(address, scanned_file, conf.get("__start_line__")) or {}
    path = vertex.get("file_path_")
    return Source(address, scanned_file, name, path=path if isinstance(path, str) else None, vertex=vertex)


@dataclass(frozen=True)
class Instance:
    """One instance of the resource and the reader of its settings."""

    #: "" for the one instance Checkov names; else the instance of a module call or of a count or for_each Checkov
    #: did not expand ("module.m[\"a\"]: 3"), as the verdict names it.
    label: str
    reader: Any  # an ``iac.Reader``


@dataclass(frozen=True)
class Located:
    """The resource's instances; none, with why, when it is inside a module call that deploys nothing."""

    instances: tuple[Instance, ...] = ()
    #: Why the resource has no instance ("module.m has no instance (count is 0, main.tf:3)"); "" when it has.
    none_because: str = ""

    def readers(self) -> list[tuple[str, Any]]:
        """(label, reader) for each instance, as ``iac.judge_instances`` takes them."""
        return [(instance.label, instance.reader) for instance in self.instances]


def locate(row: IacResource, conf: dict, configuration: Configuration, entity_path: str = "") -> Located:
    """The instances of the resource Checkov hands a check, each with the reader of its settings."""
    source = source_of(conf, configuration, entity_path)
    try:
        if source.plan is not None:
            return _one(PlanReader(Plan(plan_configuration(source.plan)), source.address))
        if source.path is None:
            reader = _reader_without_graph(row, conf, source, configuration)
            return Located((), reader) if isinstance(reader, str) else _one(reader)
        return _located_in_modules(source, configuration)
    except files.ReadProblem as problem:
        return _one(UndecidedReader(iac.unknown(f"{row.field} ({problem})", files.shown_path(source.path or ""))))


def _one(reader: Any) -> Located:
    return Located((Instance("", reader),))


def _reader_without_graph(row: IacResource, conf: dict, source: Source, configuration: Configuration) -> Any:
    """The reader of a resource Checkov's graph does not name; why it gets no result of its own (a ``str``) when it
    is written in an override file over a base block."""
    on_disk = _on_disk(source.scanned_file)
    if on_disk and on_disk.endswith(".json"):  # CDK for Terraform's runner: no address, the file is at hand
        definition = files.file_definitions(on_disk).get(("resource", row.resource_type, source.name))
        if definition is None:
            raise files.ReadProblem(f"{files.shown_path(on_disk)} no longer holds {row.resource_type}.{source.name}")
        overrides, merged_into = _overrides(configuration, on_disk, (row.resource_type, source.name))
        if merged_into:
            return merged_into
        if overrides:
            definition = files.MergedDefinition(definition, overrides)
        evaluator = Evaluator(Scope(configuration.folder(os.path.dirname(on_disk))))
        return ConfigurationReader(ResourceBlock(on_disk, definition=definition), evaluator, files.shown_path(on_disk))
    if configuration.from_graph:
        LOGGER.warning("agentcore-cmk: %s is not in Checkov's graph; judging what Checkov rendered", source.address)
    # no file to read (a check run outside a scan): what Checkov rendered, read as .tf.json reads strings
    rendered = ResourceBlock("", definition=files.Definition("", 0, conf, is_json=True))
    return ConfigurationReader(rendered, Evaluator(Scope(EmptyModule())), "", rendered=True)


def _located_in_modules(source: Source, configuration: Configuration) -> Located:
    scopes, none_because = module_scopes(source.address, source.path, configuration)
    if not scopes:
        return Located((), none_because)
    line = source.vertex.get("__start_line__")
    where = f"{files.shown_path(source.path)}:{line}" if line else files.shown_path(source.path)
    labels = tuple(_INSTANCE_KEY.sub("", source.vertex.get("block_name_", "")).split(".", 1))
    overrides, merged_into = _overrides(configuration, source.path, labels)
    if merged_into:
        return Located((), merged_into)
    block = ResourceBlock(source.path, line, source.vertex.get("__end_line__"), labels, overrides=overrides)
    instance_key = _INSTANCE_KEY.search(source.address)
    instances: list[Instance] = []
    none_because = ""
    for label, scope in scopes:
        evaluator = Evaluator(scope)
        if instance_key:
            scope.instance = evaluator.instance_of(block.definition, _key(instance_key.group(0)))
        elif block.counted():  # a count or for_each Checkov did not expand: each instance is read
            found, none_because = _resource_instances(evaluator, block, where)
            instances += [Instance(label if key is None else f"{label}: {key}" if label else str(key), reader)
                          for key, reader in found]
            continue
        instances.append(Instance(label, ConfigurationReader(block, evaluator, where)))
    return Located(tuple(instances), "" if instances else none_because)


def _overrides(configuration: Configuration, path: str, labels: tuple) -> tuple[list, str]:
    """(the same resource in the folder's override files, merged over the block at ``path``; why the block at
    ``path`` gets no result of its own: it is in an override file and merged into a base block)."""
    folder = configuration.folder(os.path.dirname(path))
    if not folder.overrides:  # the common case: nothing to merge
        return [], ""
    if files.is_override(path):
        base = folder.base("resource", *labels)
        if base is not None:
            return [], f"{files.shown_path(path)} overrides {'.'.join(labels)} of {base.where}, judged as merged there"
        return [], ""
    return folder.override_layers("resource", *labels), ""


def _resource_instances(evaluator: Evaluator, block: ResourceBlock, where: str) -> tuple[list[tuple[Any, Any]], str]:
    """([(key, reader)] for each instance of a resource whose count or for_each Checkov did not expand, why there is
    none); [(None, one reader for every instance)] when the files do not decide its instances: then only a setting
    that names each.* or count.index is undecided."""
    definition = block.definition
    written = "for_each" if definition.attribute("for_each") is not None else "count"
    keys: list = []
    decided = evaluator.instance_keys(definition)
    for value, origin, found in decided:
        if found is None:  # one reader for every instance: only what names each.* or count.* is undecided
            open_key = Candidate(value, origin) if is_unsettled(value) else undecided(
                f"the instances of {definition.where} ({written} is {shown(value)})", origin)
            return [(None, ConfigurationReader(block, _instance_evaluator(evaluator, {
                "each.key": [open_key], "each.value": [open_key], "count.index": [open_key]}), where))], ""
        keys += found
    if not keys:
        return [], f"{definition.where} has no instance ({'count is 0' if written == 'count' else 'for_each is empty'}" \
                   f"{', ' + decided[0][1] if decided else ''})"
    return [(key, ConfigurationReader(block, _instance_evaluator(evaluator, evaluator.instance_of(definition, key)),
                                      where)) for key in dict.fromkeys(keys)], ""


def _instance_evaluator(evaluator: Evaluator, instance: dict) -> Evaluator:
    """An evaluator for one instance of a block: ``instance`` gives its ``each.key``, ``each.value`` and
    ``count.index``."""
    scope = evaluator.scope
    found = Evaluator(Scope(scope.module, scope.prefix, scope.call, scope.parent, None, None, scope.root_tfvars),
                      evaluator.run)
    found.scope.instance = instance
    return found


def _key(text: Optional[str]) -> Any:
    if not text:
        return NO_KEY
    inner = text.strip("[]")
    return int(inner) if inner.isdigit() else inner[1:-1].replace('\\"', '"')


def module_scope(address: str, path: str, configuration: Configuration) -> Optional[Scope]:
    """The module instance the address names (a call Checkov left unexpanded stays one instance whose ``each`` the
    files do not show); None when the call deploys nothing."""
    scopes, _why = module_scopes(address, path, configuration, expand=False)
    return scopes[0][1] if scopes else None


def module_scopes(address: str, path: str, configuration: Configuration,
                  expand: bool = True) -> tuple[list[tuple[str, Scope]], str]:
    """Every module instance the address stands for, from the root module down: ([(label, scope)], "") with the
    label "module.m[\"a\"]" ("" when the address names one instance), or ([], why) when there is none.

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
        return [("", Scope(configuration.folder(os.path.dirname(path)), root_tfvars=False))], ""
    scopes = {"": Scope(configuration.folder(directory))}
    for call, name, key, child in reversed(chain):
        children, empty = {}, ""
        for label, scope in scopes.items():
            evaluator = Evaluator(scope)
            keys = [key]
            if key is NO_KEY and (call.attribute("count") is not None or call.attribute("for_each") is not None):
                decided = evaluator.instance_keys(call)
                if decided and all(found is not None for _value, _where, found in decided):
                    keys = list(dict.fromkeys(k for _value, _where, found in decided for k in found))
                    if not keys:
                        written = "count is 0" if call.attribute("count") is not None else "for_each is empty"
                        empty = empty or f"module.{name} has no instance ({written}, {decided[0][1]})"
                    elif not expand:
                        keys = [key]
            for instance in keys:
                children[label if instance is key else f"{label}module.{name}[{_shown_key(instance)}]."] = \
                    evaluator.child_scope(call, name, instance, child)
            if len(children) > MAX_INSTANCES:
                raise iac.LimitReached(f"the module calls of {address} have more than {MAX_INSTANCES} instances")
        if not children:
            return [], empty
        scopes = children
    return [(label.rstrip("."), scope) for label, scope in scopes.items()], ""


def _shown_key(key: Any) -> str:
    """An instance key as an address writes it: [0], ["a"]."""
    return str(key) if isinstance(key, int) else json.dumps(key)


def _on_disk(scanned_file: str) -> Optional[str]:
    """The scanned file, which Checkov names relative to the folder it scans (the working directory by default)."""
    for candidate in (scanned_file, os.path.join(os.getcwd(), scanned_file.lstrip("/"))):
        if candidate and os.path.isfile(candidate):
            return candidate
    return None


class EmptyModule:
    """A module with no definitions (no file to look them up in): the scope of what Checkov rendered."""

    directory = ""
    configuration = Configuration()
    problems: list = []

    def find(self, *key):
        return None
