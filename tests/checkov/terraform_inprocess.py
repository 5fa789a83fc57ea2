"""The Terraform evaluator in-process, on real files in a temporary folder, reached the way Checkov reaches it:
through a graph whose vertices name each resource's file and lines (a stand-in for Checkov's graph, which is
only a lookup table here)."""

from __future__ import annotations

import re
import tempfile
from pathlib import Path

from agentcore_cmk import iac
from agentcore_cmk.resources import TERRAFORM, IAC_RESOURCES

from agentcore_cmk_checkov.engine.terraform.configuration import configuration_of
from agentcore_cmk_checkov.engine.terraform.resource import locate

_RESOURCE = re.compile(r'^resource "(?P<type>[^"]+)" "(?P<name>[^"]+)"', re.M)


class Graph:
    """Vertices as Checkov's graph gives them to a check: (index, attributes)."""

    def __init__(self, vertices: list[dict]) -> None:
        self.vertices = vertices

    def node_indices(self):
        return range(len(self.vertices))

    def __getitem__(self, index):
        return index, self.vertices[index]


def row(resource_type: str):
    return next(r for r in IAC_RESOURCES if r.framework == TERRAFORM and r.resource_type == resource_type)


def folder_of(files: dict[str, str]) -> Path:
    """A new folder (a new path per call: the plug-in caches files by path and modification time)."""
    root = Path(tempfile.mkdtemp(prefix="agentcore-tf-"))
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(text.encode("utf-8") if isinstance(text, str) else text)
    return root


def vertices(root: Path, file: str, address_prefix: str = "", judged: str = "") -> list[dict]:
    """A vertex per resource block of ``file``, with the lines Checkov would give it; ``judged`` is the full address
    (with its instance key) of the resource under test."""
    path = root / file
    text = path.read_bytes().decode("utf-8-sig")
    found = []
    for match in _RESOURCE.finditer(text):
        start = text[:match.start()].count("\n") + 1
        end = start + text[match.start():].split("\n}\n", 1)[0].count("\n") + 1
        name = f"{match['type']}.{match['name']}"
        address = address_prefix + name
        if judged and re.sub(r"\[[^\]]*\]$", "", judged) == address:
            address = judged
        found.append({"block_type_": "resource", "block_name_": name, "file_path_": str(path),
                      "__address__": address, "__start_line__": start, "__end_line__": end})
    return found


def key_values(resource_row, conf: dict, configuration, entity_path: str) -> list[iac.Value]:
    """The values of the row's key in the one instance the locator finds for ``conf`` (the check's path, in process)."""
    located = locate(resource_row, conf, configuration, entity_path)
    assert len(located.instances) == 1, located
    return iac.key_values(located.instances[0].reader, resource_row)


def located_in(files: dict[str, str], address: str, file: str = "main.tf",
               resource_type: str = "aws_bedrockagentcore_memory", graph_files: tuple = ()):
    root = folder_of(files)
    graph_vertices = vertices(root, file, address.rsplit(f"{resource_type}.", 1)[0], address)
    for other in graph_files:
        graph_vertices += vertices(root, other)
    conf = {"__address__": address}
    return locate(row(resource_type), conf, configuration_of(Graph(graph_vertices)), f"/{file}:{resource_type}:{address}")


def values_of(files: dict[str, str], address: str, **kwargs) -> list[iac.Value]:
    located = located_in(files, address, **kwargs)
    assert len(located.instances) == 1, located
    return iac.key_values(located.instances[0].reader, row(kwargs.get("resource_type", "aws_bedrockagentcore_memory")))


def verdict_of(files: dict[str, str], address: str, **kwargs):
    resource_type = kwargs.get("resource_type", "aws_bedrockagentcore_memory")
    return iac.judge_instances(located_in(files, address, **kwargs).readers(), row(resource_type))
