"""Where a module's definitions are: variables, locals, outputs, module calls, data sources and resources.

With Checkov's graph, each definition's file is known, so only the files that hold a definition the evaluator
needs are parsed (a file full of memories is not). Without it (or when the graph does not name the definition),
every file of the module's folder is parsed, once.
"""

from __future__ import annotations

import os
import re
from typing import Any, Optional

from agentcore_cmk_checkov import terraform_files as files
from agentcore_cmk_checkov.terraform_files import Definition

_INSTANCE = re.compile(r"\[[^\]]*\]$")
_KINDS = {"variable": "variable", "locals": "local", "output": "output", "module": "module", "data": "data",
          "resource": "resource"}
_graph_indexes: dict[int, tuple[Any, dict]] = {}


def graph_index(graph: Any) -> dict:
    """(folder, kind, name...) -> file path, and ("vertex", address) -> vertex attributes; built once per graph."""
    if graph is None or not hasattr(graph, "node_indices"):
        return {}
    cached = _graph_indexes.get(id(graph))
    if cached is not None and cached[0] is graph:
        return cached[1]
    index: dict = {}
    for node in graph.node_indices():
        attributes = graph[node][1] if isinstance(graph[node], tuple) else graph[node]
        if not isinstance(attributes, dict):
            continue
        block_type, name, path = attributes.get("block_type_"), attributes.get("block_name_"), attributes.get("file_path_")
        if block_type == "resource" and isinstance(attributes.get("__address__"), str):
            index[("vertex", attributes["__address__"])] = attributes
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

    def find(self, kind: str, *labels: str) -> Optional[Definition]:
        key = (kind, *labels)
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

    def module_calls(self, name: str) -> Optional[Definition]:
        return self.find("module", name)


_folders: dict[tuple[str, int], ModuleFolder] = {}


def folder(directory: str, index: dict) -> ModuleFolder:
    """The folder's definitions, shared by every resource of one graph (without a graph, rebuilt from the file cache)."""
    directory = os.path.normpath(directory)
    if not index:
        return ModuleFolder(directory, index)
    key = (directory, id(index))
    if key not in _folders:
        if len(_folders) > 1024:
            _folders.clear()
        _folders[key] = ModuleFolder(directory, index)
    return _folders[key]
