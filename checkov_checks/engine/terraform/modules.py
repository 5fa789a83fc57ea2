"""Where a module's definitions are: variables, locals, outputs, module calls, data sources and resources.

With Checkov's graph, each definition's file is known, so only the files that hold a definition the evaluator
needs are parsed (a file full of memories is not). Without it (or when the graph does not name the definition),
every file of the module's folder is parsed, once.
"""

from __future__ import annotations

import os
import re
from typing import Any, Optional

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.files import Definition

_INSTANCE = re.compile(r"\[[^\]]*\]$")
_KINDS = {"variable": "variable", "locals": "local", "output": "output", "module": "module", "data": "data",
          "resource": "resource"}
_graph_indexes: dict[int, tuple[Any, dict]] = {}
#: The index's entry for the var files Checkov was given (``--var-file``, ``.checkov.yaml``), absolute, in order.
VAR_FILES = ("var files",)


def resource_vertex(index: dict, address: str, scanned_file: str, start_line: Any) -> Optional[dict]:
    """The graph's vertex of the resource a check is given: root modules in different folders share addresses."""
    vertices = index.get(("vertex", address), [])
    if len(vertices) > 1:
        vertices = [v for v in vertices if str(v.get("file_path_", "")).endswith(scanned_file or "\0")] or vertices
    if len(vertices) > 1:
        vertices = [v for v in vertices if v.get("__start_line__") == start_line] or vertices
    return vertices[0] if len(vertices) == 1 else None


def graph_index(graph: Any) -> dict:
    """(folder, kind, name...) -> file path, and ("vertex", address) -> vertex attributes; built once per graph."""
    if graph is None or not hasattr(graph, "node_indices"):
        return {}
    cached = _graph_indexes.get(id(graph))
    if cached is not None and cached[0] is graph:
        return cached[1]
    if len(_graph_indexes) > 8:  # one graph per Checkov runner; more only in tests
        _graph_indexes.clear()
    index: dict = {}
    for node in graph.node_indices():
        attributes = graph[node][1] if isinstance(graph[node], tuple) else graph[node]
        if not isinstance(attributes, dict):
            continue
        block_type, name, path = attributes.get("block_type_"), attributes.get("block_name_"), attributes.get("file_path_")
        if block_type == "resource" and isinstance(attributes.get("__address__"), str):
            index.setdefault(("vertex", attributes["__address__"]), []).append(attributes)
        start, end = attributes.get("__start_line__"), attributes.get("__end_line__")
        if block_type == "variable" and isinstance(name, str) and isinstance(path, str) and not path.endswith(".json") \
                and isinstance(start, int) and isinstance(end, int):
            index[("lines", os.path.dirname(path), "variable", name)] = (path, start, end)
        if block_type == "module" and isinstance(name, str) and isinstance(path, str):
            index.setdefault(("module calls", _INSTANCE.sub("", name)), set()).add(path)
        if block_type in _KINDS and isinstance(name, str) and isinstance(path, str):
            labels = tuple(_INSTANCE.sub("", name).split(".", 1)) if block_type in ("data", "resource") else (_INSTANCE.sub("", name),)
            index.setdefault((os.path.dirname(path), _KINDS[block_type], *labels), path)
    _graph_indexes[id(graph)] = (graph, index)
    return index


class ModuleFolder:
    """The definitions of the module in one folder."""

    def __init__(self, directory: str, index: dict) -> None:
        self.directory = directory
        self._index = index
        self._by_file: dict[str, dict] = {}
        self._everything: Optional[dict] = None
        self.problems: list[str] = []  # files that could not be read again, for the reason
        self._tfvars: Optional[list[str]] = None
        #: (kind, name, module instance) -> candidates: each variable, local and output evaluated once per scan
        self.memo: dict = {}

    def tfvars_paths(self) -> list[str]:
        """The variable files in force for this folder as a root module: Terraform's, then Checkov's var files."""
        if self._tfvars is None:
            self._tfvars = files.tfvars_files(self.directory) + [path for path in self._index.get(VAR_FILES, ())]
        return self._tfvars

    @property
    def index(self) -> dict:
        """The graph index the folder was made with (empty without a graph)."""
        return self._index

    def find(self, kind: str, *labels: str) -> Optional[Definition]:
        key = (kind, *labels)
        lines = self._index.get(("lines", self.directory, *key))
        if lines is not None:  # the graph says where the block is: parse it alone
            try:
                found = files.block_definition(*lines, [kind, *labels])
            except files.ReadProblem as problem:
                self.problems.append(str(problem))
                found = None
            if found is not None:
                return found
        path = self._index.get((self.directory, *key))
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

    def module_calls(self) -> list[Definition]:
        """The module blocks of this folder."""
        if self._index:
            names = sorted(key[2] for key in self._index if len(key) == 3 and key[0] == self.directory and key[1] == "module")
        else:
            names = sorted(key[1] for key in self._all() if key[0] == "module" and len(key) == 2)
        return [found for found in (self.find("module", name) for name in names) if found is not None]

    def declares(self, kind: str, first_label: str) -> bool:
        """Whether any block ``kind "first_label" ...`` is in this folder."""
        if any(key[0] == self.directory and key[1:3] == (kind, first_label) for key in self._index if len(key) > 3):
            return True
        if self._index:
            return False  # the graph names every resource of the folder
        return any(key[:2] == (kind, first_label) for key in self._all())


_folders: dict[tuple[str, int], tuple[dict, ModuleFolder]] = {}


def folder(directory: str, index: dict) -> ModuleFolder:
    """The folder's definitions, shared by every resource of one graph (without a graph, rebuilt from the file cache)."""
    directory = os.path.normpath(directory)
    if not index:
        return ModuleFolder(directory, index)
    key = (directory, id(index))
    found = _folders.get(key)
    if found is None or found[0] is not index:
        if len(_folders) > 1024:
            _folders.clear()
        found = _folders[key] = (index, ModuleFolder(directory, index))
    return found[1]
