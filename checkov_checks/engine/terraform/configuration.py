"""The configuration model of a scan: built once per Checkov graph (``configuration_of``) and once per plan
document (``plan_configuration``); every resource check queries it.

``Configuration`` (HCL and ``.tf.json``) knows, from Checkov's graph: the resource vertices by address, where each
definition is (folder, kind, labels -> file; a variable's lines), the module calls by name, the var files in force
(Checkov's ``--var-file`` and ``.checkov.yaml``, from the graph's ``tfvar`` vertices) and the ``ModuleFolder`` of
each directory, which keeps the memo of each module instance's variables, locals and outputs. With the graph, only
the files that hold a definition the evaluator needs are parsed (a file full of memories is not). Without it (or
when the graph does not name the definition), every file of the module's folder is parsed, once: files are read
and parsed through ``files``, whose cache is per path and modification time.

``PlanConfiguration`` holds one plan's ``resource_changes``, ``configuration`` (modules, calls, resources by
address), ``variables``, the facts its ``prior_state`` records about the KMS data sources read at plan time, and
the ``Configuration`` of the ``.tf`` files next to it (for locals, which Terraform leaves out of a plan).
"""

from __future__ import annotations

import os
import re
import weakref
from collections import Counter, OrderedDict
from typing import Any, Optional

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.files import Definition

_INSTANCE = re.compile(r"\[[^\]]*\]$")
_KINDS = {"variable": "variable", "locals": "local", "output": "output", "module": "module", "data": "data",
          "resource": "resource"}
#: How many models were built for each graph (``("graph", id)``, while the graph is alive) and each plan document
#: (``("plan", path)``): read by the tests.
builds: Counter = Counter()


class Configuration:
    """The Terraform configuration of one Checkov graph; ``Configuration()`` is one without a graph."""

    def __init__(self, graph: Any = None) -> None:
        self._vertices: dict[str, list[dict]] = {}
        self._variable_lines: dict[tuple[str, str], tuple[str, int, int]] = {}
        self._call_files: dict[str, set[str]] = {}
        self._definitions: dict[str, dict[tuple, str]] = {}  # directory -> (kind, *labels) -> file
        self._folders: dict[str, ModuleFolder] = {}
        self._calls: dict[tuple[str, str], Optional[Definition]] = {}
        self._tfvars: dict[str, str] = {}  # variable -> the var file whose value Checkov's graph holds
        self._var_files: Optional[tuple[str, ...]] = None
        #: The var files the run asked for (absolute), as the adapter noted them: the graph holds only those that
        #: loaded, so a mistyped ``--var-file`` is found here.
        self.requested_var_files: tuple[str, ...] = ()
        #: Whether Checkov gave a graph at all (one it gives should name every resource it hands a check).
        self.from_graph = graph is not None
        if hasattr(graph, "node_indices"):
            self._read(graph)
        #: Whether the graph named any definition: then it names every resource of each folder.
        self.indexed = bool(self._vertices or self._variable_lines or self._call_files or self._definitions)

    def _read(self, graph: Any) -> None:
        for node in graph.node_indices():
            attributes = graph[node][1] if isinstance(graph[node], tuple) else graph[node]
            if not isinstance(attributes, dict):
                continue
            block_type, name, path = attributes.get("block_type_"), attributes.get("block_name_"), attributes.get("file_path_")
            if block_type == "tfvar" and isinstance(name, str) and isinstance(path, str) \
                    and not _automatic(path, attributes.get("load_dir")):
                self._tfvars.setdefault(name, path)
            if block_type == "resource" and isinstance(attributes.get("__address__"), str):
                self._vertices.setdefault(attributes["__address__"], []).append(attributes)
            if not (block_type in _KINDS and isinstance(name, str) and isinstance(path, str)):
                continue
            directory, name = os.path.dirname(path), _INSTANCE.sub("", name)
            start, end = attributes.get("__start_line__"), attributes.get("__end_line__")
            if block_type == "variable" and not path.endswith(".json") and isinstance(start, int) and isinstance(end, int):
                self._variable_lines[(directory, name)] = (path, start, end)
            if block_type == "module":
                self._call_files.setdefault(name, set()).add(path)
            labels = tuple(name.split(".", 1)) if block_type in ("data", "resource") else (name,)
            self._definitions.setdefault(directory, {}).setdefault((_KINDS[block_type], *labels), path)

    # --- what the graph says ----------------------------------------------------------------------

    @property
    def var_files(self) -> tuple[str, ...]:
        """The var files of the run (Checkov's ``--var-file``, ``var-file`` in ``.checkov.yaml``), in the order that
        gives each variable the value Checkov's graph holds.

        Checkov reads them into its graph as ``tfvar`` vertices: one per variable, naming the file whose value won
        (a later var file over an earlier one, any var file over Terraform's automatic ones). A var file that wins
        no variable changes nothing; those that do are ordered so that each variable's winner comes after every other
        var file that sets it. A requested var file that does not exist comes last: reading it says so, once.
        """
        if self._var_files is None:
            ordered = _ordered_var_files(self._tfvars)
            missing = tuple(path for path in self.requested_var_files if not os.path.exists(path))
            self._var_files = ordered + tuple(dict.fromkeys(path for path in missing if path not in ordered))
        return self._var_files

    def vertex(self, address: str, scanned_file: str, start_line: Any) -> Optional[dict]:
        """The graph's vertex of the resource a check is given: root modules in different folders share addresses."""
        vertices = self._vertices.get(address, [])
        if len(vertices) > 1:
            vertices = [v for v in vertices if str(v.get("file_path_", "")).endswith(scanned_file or "\0")] or vertices
        if len(vertices) > 1:
            vertices = [v for v in vertices if v.get("__start_line__") == start_line] or vertices
        return vertices[0] if len(vertices) == 1 else None

    def variable_lines(self, directory: str, name: str) -> Optional[tuple[str, int, int]]:
        """(file, first line, last line) of a variable block, so that it can be parsed alone."""
        return self._variable_lines.get((directory, name))

    def definition_file(self, directory: str, kind: str, *labels: str) -> Optional[str]:
        """The file of the folder that holds the block ``kind labels...`` (the first, when several do)."""
        return self._definitions.get(directory, {}).get((kind, *labels))

    def module_names(self, directory: str) -> list[str]:
        """The names of the module blocks of a folder."""
        return sorted(key[1] for key in self._definitions.get(directory, {}) if key[0] == "module" and len(key) == 2)

    def definition_keys(self, directory: str) -> list[tuple]:
        """(kind, first label, second label) of each two-label block the graph names in the folder."""
        return [key for key in self._definitions.get(directory, {}) if len(key) == 3]

    def declares(self, directory: str, kind: str, first_label: str) -> bool:
        """Whether the graph names a block ``kind "first_label" "..."`` in the folder."""
        return any(len(key) == 3 and key[:2] == (kind, first_label) for key in self._definitions.get(directory, {}))

    # --- the model --------------------------------------------------------------------------------

    def folder(self, directory: str) -> ModuleFolder:
        """The definitions of the module in ``directory``, shared by every resource of the scan."""
        directory = os.path.normpath(directory)
        found = self._folders.get(directory)
        if found is None:
            found = self._folders[directory] = ModuleFolder(directory, self)
        return found

    def module_call(self, name: str, child_directory: str) -> Optional[Definition]:
        """The module block named ``name`` whose local source is ``child_directory``."""
        key = (name, os.path.normpath(child_directory))
        if key not in self._calls:
            self._calls[key] = self._find_call(name, key[1])
        return self._calls[key]

    def _find_call(self, name: str, child_directory: str) -> Optional[Definition]:
        paths = set(self._call_files.get(name, ()))
        if not paths:  # no graph, or one that does not name the call: look in the folders above
            parent = os.path.dirname(child_directory)
            for _ in range(6):
                paths.update(files.module_files(parent))
                if os.path.dirname(parent) == parent:
                    break
                parent = os.path.dirname(parent)
        for path in sorted(paths):
            try:
                definition = files.file_definitions(path).get(("module", name))
            except files.ReadProblem:
                continue
            source = definition.attribute("source") if definition is not None else None
            if source is not None and isinstance(source.value, str):
                target = os.path.normpath(os.path.join(os.path.dirname(path), source.value))
                if target == child_directory:
                    return definition
        return None


class ModuleFolder:
    """The definitions of the module in one folder, and the memo of what its instances evaluated."""

    def __init__(self, directory: str, configuration: Configuration) -> None:
        self.directory = directory
        self.configuration = configuration
        self._by_file: dict[str, dict] = {}
        self._everything: Optional[dict] = None
        self.problems: list[str] = []  # files that could not be read again, for the reason
        self._tfvars: Optional[list[str]] = None
        #: (kind, name, module instance) -> candidates: each variable, local and output evaluated once per scan
        self.memo: dict = {}
        self._overrides: Optional[list[str]] = None
        self._merged: dict[tuple, Optional[Definition]] = {}
        self._base_files: Optional[list[str]] = None

    @property
    def overrides(self) -> list[str]:
        """The folder's override files (``override.tf``, ``*_override.tf``, and .tf.json), in the order Terraform
        applies them; a folder without them pays nothing more than listing its files once."""
        if self._overrides is None:
            self._overrides = files.override_files(self.directory)
        return self._overrides

    def base(self, kind: str, *labels: str) -> Optional[Definition]:
        """The block as a non-override file of the folder writes it (None when only an override file does)."""
        if self._base_files is None:
            self._base_files = [path for path in files.module_files(self.directory) if not files.is_override(path)]
        for path in self._base_files:
            found = self._file(path).get((kind, *labels))
            if found is not None:
                return found
        return None

    def override_layers(self, kind: str, *labels: str) -> list[Definition]:
        """The same block in each override file, in the order Terraform merges them over the base."""
        return [found for found in (self._file(path).get((kind, *labels)) for path in self.overrides)
                if found is not None]

    def tfvars_paths(self) -> list[str]:
        """The variable files in force for this folder as a root module: Terraform's, then Checkov's var files."""
        if self._tfvars is None:
            self._tfvars = files.tfvars_files(self.directory) + list(self.configuration.var_files or ())
        return self._tfvars

    def find(self, kind: str, *labels: str) -> Optional[Definition]:
        key = (kind, *labels)
        if self.overrides:  # each block as Terraform merges the override files over it
            if key not in self._merged:
                base, layers = self.base(*key), self.override_layers(*key)
                if base is None and layers:  # written in override files only (Terraform refuses it): as written
                    base, layers = layers[0], layers[1:]
                self._merged[key] = files.MergedDefinition(base, layers) if layers else base
            return self._merged[key]
        lines = self.configuration.variable_lines(self.directory, labels[0]) if kind == "variable" and len(labels) == 1 else None
        if lines is not None:  # the graph says where the block is: parse it alone
            try:
                found = files.block_definition(*lines, [kind, *labels])
            except files.ReadProblem as problem:
                self.problems.append(str(problem))
                found = None
            if found is not None:
                return found
        path = self.configuration.definition_file(self.directory, *key)
        if path is not None:
            found = self._file(path).get(key)
            if found is not None:
                return found
        return self._all().get(key)

    def _file(self, path: str) -> dict:
        if path not in self._by_file:
            try:
                self._by_file[path] = files.file_definitions(path)
            except files.ReadProblem as problem:
                self.problems.append(str(problem))
                self._by_file[path] = {}
        return self._by_file[path]

    def _all(self) -> dict:
        if self._everything is None:
            self._everything = {}
            for path in files.module_files(self.directory):
                for key, definition in self._file(path).items():
                    self._everything.setdefault(key, definition)
        return self._everything

    def module_calls(self) -> list[tuple[str, Definition]]:
        """(name, block) of each module block of this folder."""
        if self.configuration.indexed:
            names = self.configuration.module_names(self.directory)
        else:
            names = sorted(key[1] for key in self._all() if key[0] == "module" and len(key) == 2)
        return [(name, found) for name, found in ((name, self.find("module", name)) for name in names)
                if found is not None]

    def definitions(self, kind: str, first_label: str) -> list[Definition]:
        """Every block ``kind "first_label" "..."`` of this folder."""
        if self.configuration.indexed:
            keys = [key for key in self.configuration.definition_keys(self.directory) if key[:2] == (kind, first_label)]
        else:
            keys = [key for key in self._all() if len(key) == 3 and key[:2] == (kind, first_label)]
        return [found for found in (self.find(*key) for key in sorted(keys)) if found is not None]

    def declares(self, kind: str, first_label: str) -> bool:
        """Whether any block ``kind "first_label" ...`` is in this folder."""
        if self.configuration.declares(self.directory, kind, first_label):
            return True
        if self.configuration.indexed:
            return False  # the graph names every resource of the folder
        return any(key[:2] == (kind, first_label) for key in self._all())


def _automatic(path: str, load_dir: Any) -> bool:
    """Whether ``path`` is one of Terraform's automatic variable files of the folder it was loaded for."""
    name = os.path.basename(path)
    automatic = name in ("terraform.tfvars", "terraform.tfvars.json") or name.endswith((".auto.tfvars", ".auto.tfvars.json"))
    return automatic and (not isinstance(load_dir, str) or os.path.dirname(path) == os.path.normpath(load_dir))


def _ordered_var_files(winners: dict[str, str]) -> tuple[str, ...]:
    """The var files that win a variable, each winner after every other of them that sets the same variable."""
    found = list(dict.fromkeys(winners.values()))
    before: dict[str, set] = {path: set() for path in found}
    for path in found:
        try:
            names = files.tfvars_values(path)
        except files.ReadProblem:
            continue
        for name in names:
            winner = winners.get(name)
            if winner is not None and winner != path:
                before[winner].add(path)
    ordered: list[str] = []
    while found:
        ready = next((path for path in found if not (before[path] - set(ordered))), found[0])  # found[0]: a cycle
        ordered.append(ready)
        found.remove(ready)
    return tuple(ordered)


# A graph that takes weak references (the tests' stand-in) keeps its model while it lives; rustworkx's PyDiGraph
# (Checkov's default graph) takes none, so the last few are pinned: the entry holds the graph, and an id is never
# reused while its graph is held.
_by_graph: "weakref.WeakKeyDictionary[Any, Configuration]" = weakref.WeakKeyDictionary()
_pinned: "OrderedDict[int, tuple[Any, Configuration]]" = OrderedDict()
_PINNED = 8  # one graph per Checkov runner (or per root module with a split graph); more only in tests


def configuration_of(graph: Any) -> Configuration:
    """The configuration model of a Checkov graph, built once per graph; a new, empty one without a graph (or with
    one that does not list its vertices: networkx's, with ``CHECKOV_GRAPH_FRAMEWORK=NETWORKX``)."""
    if graph is None or not hasattr(graph, "node_indices"):
        return Configuration(graph)
    try:
        found = _by_graph.get(graph)
    except TypeError:  # no weak reference to this graph
        pinned = _pinned.get(id(graph))
        if pinned is not None and pinned[0] is graph:
            _pinned.move_to_end(id(graph))
            return pinned[1]
        found = _build(graph)
        _pinned[id(graph)] = (graph, found)
        while len(_pinned) > _PINNED:
            _pinned.popitem(last=False)
        return found
    if found is None:
        found = _by_graph[graph] = _build(graph)
    return found


def _build(graph: Any) -> Configuration:
    builds[("graph", id(graph))] += 1
    return Configuration(graph)


# --- plans --------------------------------------------------------------------------------------------------

_READ_KEY_ATTRIBUTES = {"aws_kms_alias": ("target_key_arn", "target_key_id"), "aws_kms_key": ("arn", "id", "key_id")}


class PlanConfiguration:
    """One plan document (``terraform show -json``): its changes, configuration, variables and read-time facts."""

    def __init__(self, document: Any, path: str) -> None:
        self.path = path
        self.where = files.shown_path(path)
        self.document = as_dict(document)
        changes = [change for change in as_list(self.document.get("resource_changes")) if isinstance(change, dict)]
        self.changes = {change.get("address"): as_dict(change.get("change")) for change in changes}
        self.resource_types = {change.get("type") for change in changes if isinstance(change.get("type"), str)}
        self.variables = as_dict(self.document.get("variables"))
        #: key ARN or id -> [(data source address, its values)] for the KMS data sources ``prior_state`` records
        self.read_keys = _read_keys(as_dict(as_dict(self.document.get("prior_state")).get("values")).get("root_module"))
        self._resources: dict[tuple, dict] = {}
        self._local_configuration: Any = ...

    def module(self, module_path: tuple) -> dict:
        """The configuration of the module at ``module_path`` (names of the calls from the root)."""
        module = as_dict(as_dict(self.document.get("configuration")).get("root_module"))
        for name in module_path:
            module = as_dict(as_dict(as_dict(module.get("module_calls")).get(name)).get("module"))
        return module

    def call(self, module_path: tuple) -> dict:
        """The module call that makes the module at ``module_path``."""
        return as_dict(as_dict(self.module(module_path[:-1]).get("module_calls")).get(module_path[-1]))

    def resource(self, module_path: tuple, address: str) -> Optional[dict]:
        """The configuration of a resource or data source of a module, by its address in the module."""
        if module_path not in self._resources:
            by_address: dict = {}
            for resource in as_list(self.module(module_path).get("resources")):
                if isinstance(resource, dict) and isinstance(resource.get("address"), str):
                    by_address.setdefault(resource["address"], resource)
            self._resources[module_path] = by_address
        return self._resources[module_path].get(address)

    def local_configuration(self) -> Optional[Configuration]:
        """The configuration of the ``.tf`` files next to the plan, for its locals; None when there are none."""
        if self._local_configuration is ...:
            directory = os.path.dirname(self.path)
            self._local_configuration = Configuration() if files.module_files(directory) else None
        return self._local_configuration


_plans: "OrderedDict[str, tuple[Any, PlanConfiguration]]" = OrderedDict()


def plan_configuration(path: str) -> PlanConfiguration:
    """The model of the plan at ``path``, built once per plan document; ``files.ReadProblem`` when it cannot be read."""
    document = files.document(path)
    found = _plans.get(path)
    if found is None or found[0] is not document:  # a new path, or the file changed
        builds[("plan", path)] += 1
        found = _plans[path] = (document, PlanConfiguration(document, path))
        while len(_plans) > 64:
            _plans.popitem(last=False)
    return found[1]


def _read_keys(module: Any) -> dict[str, list]:
    found: dict[str, list] = {}
    pending = [module]
    while pending:
        current = as_dict(pending.pop())
        pending += as_list(current.get("child_modules"))
        for resource in as_list(current.get("resources")):
            resource = as_dict(resource)
            attributes = _READ_KEY_ATTRIBUTES.get(resource.get("type"))
            if resource.get("mode") != "data" or attributes is None:
                continue
            values = as_dict(resource.get("values"))
            for attribute in attributes:
                if isinstance(values.get(attribute), str) and values[attribute]:
                    found.setdefault(values[attribute], []).append((str(resource.get("address")), values))
    return found


def as_dict(value: Any) -> dict:
    """A section of the plan that should be an object; anything else reads as empty."""
    return value if isinstance(value, dict) else {}


def as_list(value: Any) -> list:
    return value if isinstance(value, list) else []
