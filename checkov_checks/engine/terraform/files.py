"""The Terraform files of a scan, each read at most once (cached by path and modification time).

Files are read as ``utf-8-sig`` (a byte-order mark is not part of the first line). A file that cannot be read or
parsed is logged once and named by ``ReadProblem``: the evaluator turns it into a value nobody could verify, with
the file named in the reason, so a failed re-read never changes a verdict silently.
"""

from __future__ import annotations

import collections
import functools
import glob
import json
import logging
import os
import re
from typing import Any, Optional

from agentcore_cmk_checkov.engine.terraform.syntax import (
    Node, attribute_expression, attributes, block_body, block_labels, blocks, parse_body, shift_lines,
    template_parts,
)
from agentcore_cmk_checkov.engine.terraform.plain_syntax import plain_attribute, plain_block

LOGGER = logging.getLogger(__name__)
_texts: dict[tuple[str, float], Any] = {}
_trees: dict[tuple[str, float], Any] = {}
#: How many times each file was parsed whole (read by the tests: no file is parsed twice in one scan).
parses: collections.Counter = collections.Counter()
TFVARS_ORDER = ("terraform.tfvars", "terraform.tfvars.json")  # then *.auto.tfvars(.json), in lexical order


class ReadProblem(Exception):
    """A file the plug-in could not read or parse again."""


def shown_path(path: str) -> str:
    """A path as a reason shows it: relative to the directory Checkov runs in when inside it."""
    return _shown_path(path, os.getcwd())


@functools.lru_cache(maxsize=4096)
def _shown_path(path: str, cwd: str) -> str:
    relative = os.path.relpath(path, cwd) if os.path.isabs(path) else path
    return path if relative.startswith("..") else relative


_unreadable: set = set()  # the files whose problem was logged: once per scan, however many values need them


def _key(path: str) -> tuple[str, float]:
    try:
        return path, os.path.getmtime(path)
    except OSError as error:
        if path not in _unreadable:
            _unreadable.add(path)
            LOGGER.warning("agentcore-cmk: could not re-read %s: %s", path, error)
        raise ReadProblem(f"{shown_path(path)} could not be read again ({error.strerror or error})") from error


def text(path: str) -> str:
    key = _key(path)
    if key not in _texts:
        try:
            with open(path, encoding="utf-8-sig") as file:
                _texts[key] = file.read()
        except (OSError, UnicodeDecodeError) as error:
            LOGGER.warning("agentcore-cmk: could not re-read %s: %s", path, error)
            _texts[key] = ReadProblem(f"{shown_path(path)} could not be read again ({error})")
    found = _texts[key]
    if isinstance(found, ReadProblem):
        raise found
    return found


_lines: dict[tuple[str, float], list] = {}


def lines(path: str) -> list[str]:
    key = _key(path)
    if key not in _lines:
        _lines[key] = text(path).split("\n")
    return _lines[key]


def document(path: str) -> Any:
    """A whole file: the parse tree of a .tf or .tfvars file, the JSON of a .tf.json or .tfvars.json file."""
    key = _key(path)
    if key not in _trees:
        try:
            source = text(path)
            parses[path] += 1
            _trees[key] = json.loads(source) if path.endswith(".json") else parse_body(source)
        except ReadProblem as problem:
            _trees[key] = problem
        except Exception as error:  # a syntax error: Checkov reports the file as a parsing error
            LOGGER.warning("agentcore-cmk: could not parse %s: %s", path, error)
            _trees[key] = ReadProblem(f"{shown_path(path)} could not be parsed again ({type(error).__name__})")
    found = _trees[key]
    if isinstance(found, ReadProblem):
        raise found
    return found


def json_node(value: Any, line: int = 0) -> Node:
    """A .tf.json value as an expression: strings are templates, as Terraform reads them."""
    if isinstance(value, str):
        parts = template_parts(value, line)
        if not parts:
            return Node("literal", line, "")
        if len(parts) == 1 and isinstance(parts[0], str):
            return Node("literal", line, parts[0])
        if len(parts) == 1 and value.startswith("${") and value.rstrip().endswith("}"):
            return parts[0]  # "${x}" alone is the value of x, not a string
        return Node("template", line, None, tuple(parts))
    if isinstance(value, list):
        return Node("tuple", line, None, tuple(json_node(item, line) for item in value))
    if isinstance(value, dict):
        return Node("object", line, None, tuple((Node("literal", line, str(k)), json_node(v, line)) for k, v in value.items()))
    return Node("literal", line, value)


class Definition:
    """One top-level block of a module: its attributes as expressions, nested blocks, and where it is."""

    def __init__(self, path: str, line: int, body: Any, is_json: bool = False, offset: int = 0) -> None:
        #: offset: the line before the block when only the block was parsed
        self.path, self.line, self._body, self._json, self._offset = path, line, body, is_json, offset
        self._expressions: dict = {}  # bodies stay alive with the definition, so their ids are stable

    @property
    def where(self) -> str:
        return f"{shown_path(self.path)}:{self.line}" if self.line else shown_path(self.path)

    @property
    def body(self) -> Any:
        """The block's parse tree (HCL) or mapping (.tf.json), for a reader that steps through repeated blocks."""
        return self._body

    @property
    def is_json(self) -> bool:
        return self._json

    @property
    def offset(self) -> int:
        """The line before the block when only the block was parsed (0 when its file was)."""
        return self._offset

    def attribute(self, *path: str) -> Optional[Node]:
        """The expression at ``path`` (nested block names, then the attribute); None when it is not written."""
        body = self._body
        for name in path[:-1]:
            body = self._nested(body, name)
            if body is None:
                return None
        return self._attribute(body, path[-1])

    def _nested(self, body: Any, name: str) -> Any:
        if self._json:
            found = body.get(name) if isinstance(body, dict) else None
            found = found[0] if isinstance(found, list) and found else found
            return found if isinstance(found, dict) else None
        for block in blocks(body):
            if block_labels(block)[0] == name:
                return block_body(block)
        return None

    def _attribute(self, body: Any, name: str) -> Optional[Node]:
        key = (id(body), name)
        if key not in self._expressions:  # the parse tree becomes an expression once per attribute
            self._expressions[key] = self._expression_of(body, name)
        return self._expressions[key]

    def _expression_of(self, body: Any, name: str) -> Optional[Node]:
        if self._json:
            return json_node(body[name], self.line) if isinstance(body, dict) and name in body else None
        found = attributes(body).get(name)
        if found is None:
            return None
        return shift_lines(attribute_expression(found), self._offset)

    def blocks(self, name: str) -> list[tuple["Definition", Optional["Dynamic"]]]:
        """The nested blocks ``name`` as written: each static block, and each ``dynamic "name"`` block's content
        with its ``for_each`` and iterator (expanded by the evaluator)."""
        found: list = []
        if self._json:
            return self._json_blocks(name)
        for block in blocks(self._body):
            labels = block_labels(block)
            if labels == [name]:
                found.append((Definition(self.path, self.line, block_body(block), offset=self._offset), None))
            elif labels == ["dynamic", name]:
                dynamic = Definition(self.path, self._line_of(block), block_body(block), offset=self._offset)
                content = next((block_body(inner) for inner in blocks(block_body(block))
                                if block_labels(inner) == ["content"]), None)
                iterator = dynamic.attribute("iterator")
                found.append((Definition(self.path, dynamic.line, content, offset=self._offset) if content is not None
                              else None, Dynamic(dynamic, iterator.value if iterator is not None and iterator.kind == "name"
                                                 else name)))
        return found

    def _json_blocks(self, name: str) -> list[tuple["Definition", Optional["Dynamic"]]]:
        """HCL's JSON mapping: ``"name": {...}`` or ``[{...}, ...]``, and ``"dynamic": {"name": {"for_each": ...,
        "iterator": ..., "content": {...}}}``, where an array of objects may stand for an object at any level."""
        body = self._body if isinstance(self._body, dict) else {}
        found: list = [(Definition(self.path, self.line, item, True), None) for item in _objects(body.get(name))]
        for dynamics in _objects(body.get("dynamic")):
            for block in _objects(dynamics.get(name)):
                dynamic = Definition(self.path, self.line, block, True)
                contents = _objects(block.get("content"))
                iterator = dynamic.attribute("iterator")
                iterator_name = iterator.value if iterator is not None and iterator.kind in ("name", "literal") \
                    and isinstance(iterator.value, str) else name
                found.append((Definition(self.path, self.line, contents[0], True) if len(contents) == 1 else None,
                              Dynamic(dynamic, iterator_name)))
        return found

    def _line_of(self, block: Any) -> int:
        return (block.meta.line + self._offset) if not block.meta.empty else self.line

    def path_of(self, name: str) -> str:
        """The file that writes the top-level ``name`` (another than ``path`` when an override file does)."""
        return self.path

    def names(self) -> list[str]:
        if self._json:
            return list(self._body) if isinstance(self._body, dict) else []
        return list(attributes(self._body))


def _objects(value: Any) -> list[dict]:
    """A JSON block level: one object, or an array of objects (anything else holds no block)."""
    items = value if isinstance(value, list) else [value]
    return [item for item in items if isinstance(item, dict)]


class Dynamic:
    """A ``dynamic`` block: its definition (``for_each``, where it is) and the iterator's name."""

    def __init__(self, definition: Definition, iterator: str) -> None:
        self.definition, self.iterator = definition, iterator


_definitions: dict[tuple[str, float], dict] = {}
_blocks: dict[tuple, Optional[Definition]] = {}


def block_definition(path: str, start: int, end: int, labels: list[str]) -> Optional[Definition]:
    """The block on lines start..end of a .tf file, parsed alone (a large file is not parsed for one variable);
    None when those lines are not exactly that block."""
    key = (_key(path), start, end)
    if key not in _blocks:
        _blocks[key] = None
        text = "\n".join(lines(path)[start - 1:end]) + "\n"
        plain = plain_block(text, start)
        if plain is not None:
            _blocks[key] = _PlainDefinition(path, start, plain[1]) if plain[0] == labels else None
            return _blocks[key]
        try:
            tree = parse_body(text)
            found = blocks(tree.children[0])
            if len(found) == 1 and block_labels(found[0]) == labels:
                _blocks[key] = Definition(path, start, block_body(found[0]), offset=start - 1)
        except Exception:
            LOGGER.debug("agentcore-cmk: block %s at %s:%s parsed with its file", labels, path, start)
    return _blocks[key]


class _PlainDefinition(Definition):
    """A block of plain attributes only, read without the parser (``plain_syntax.plain_block``)."""

    def __init__(self, path: str, line: int, expressions: dict[str, Node]) -> None:
        super().__init__(path, line, None)
        self._plain = expressions

    def attribute(self, *path: str) -> Optional[Node]:
        return self._plain.get(path[0]) if len(path) == 1 else None

    def blocks(self, name: str) -> list:
        return []

    def names(self) -> list[str]:
        return list(self._plain)


def file_definitions(path: str) -> dict[tuple, Definition]:
    """(block type, name...) -> Definition for each top-level block of a file; each local is its own entry.

    Built once per file (and modification time): every resource of a scan shares the same definitions.
    """
    key = _key(path)
    if key not in _definitions:
        _definitions[key] = _file_definitions(path)
    return _definitions[key]


def _file_definitions(path: str) -> dict[tuple, Definition]:
    found: dict[tuple, Definition] = {}
    tree = document(path)
    if path.endswith(".json"):
        for block_type, content in (tree or {}).items() if isinstance(tree, dict) else ():
            for labels, body in _json_blocks(block_type, content):
                if block_type == "locals":
                    for name in body:
                        found[("local", name)] = Definition(path, 0, {"value": body[name]}, True)
                else:
                    found[(block_type, *labels)] = Definition(path, 0, body, True)
        return found
    for block in blocks(tree.children[0]):
        block_type, *labels = block_labels(block)
        body = block_body(block)
        line = block.meta.line if not block.meta.empty else 0
        if block_type == "locals":
            for name, attribute in attributes(body).items():
                found[("local", name)] = _LocalDefinition(path, attribute)
        else:
            found[(block_type, *labels)] = Definition(path, line, body)
    return found


class _LocalDefinition(Definition):
    def __init__(self, path: str, attribute: Any) -> None:
        super().__init__(path, attribute.meta.line, None)
        self._expression = attribute_expression(attribute)

    def attribute(self, *path: str) -> Optional[Node]:
        return self._expression if path == ("value",) else None


def _json_blocks(block_type: str, content: Any) -> list:
    """The blocks of a .tf.json section: resources and data have two labels, the others one."""
    depth = 2 if block_type in ("resource", "data") else 0 if block_type == "locals" else 1
    items = content if isinstance(content, list) else [content]
    found = []
    for item in items:
        found += _json_levels(item, depth, ())
    return found


def _json_levels(content: Any, depth: int, labels: tuple) -> list:
    if depth == 0:
        body = content[0] if isinstance(content, list) and content else content
        return [(labels, body)] if isinstance(body, dict) else []
    if not isinstance(content, dict):
        return []
    found = []
    for name, inner in content.items():
        found += _json_levels(inner, depth - 1, labels + (name,))
    return found


def module_files(directory: str) -> list[str]:
    return sorted(glob.glob(os.path.join(directory, "*.tf")) + glob.glob(os.path.join(directory, "*.tf.json")))


def is_override(path: str) -> bool:
    """Whether Terraform reads ``path`` as an override file (``override.tf``, ``*_override.tf``, and .tf.json)."""
    name = os.path.basename(path)
    stem = name[:-len(".tf.json")] if name.endswith(".tf.json") else name[:-len(".tf")] if name.endswith(".tf") else None
    return stem is not None and (stem == "override" or stem.endswith("_override"))


def override_files(directory: str) -> list[str]:
    """The override files of a module folder, in the order Terraform applies them (lexical order of name)."""
    return sorted((path for path in module_files(directory) if is_override(path)), key=os.path.basename)


class MergedDefinition(Definition):
    """A block with the same block in override files merged over it, as Terraform merges them: each top-level
    attribute an override writes replaces the base's, each nested block type it writes replaces all of the base's
    blocks of that type (``dynamic`` ones too); later override files (lexical order) win over earlier ones."""

    def __init__(self, base: Definition, overrides: list[Definition]) -> None:
        super().__init__(base.path, base.line, base.body, base.is_json, base.offset)
        self.layers = (base, *overrides)

    def deciding(self, name: str) -> Definition:
        """The block whose ``name`` counts: the last override that writes it as an attribute or nested block."""
        for layer in reversed(self.layers[1:]):
            if layer.attribute(name) is not None or layer.blocks(name):
                return layer
        return self.layers[0]

    def attribute(self, *path: str) -> Optional[Node]:
        return self.deciding(path[0]).attribute(*path)

    def blocks(self, name: str) -> list[tuple["Definition", Optional["Dynamic"]]]:
        return self.deciding(name).blocks(name)

    def path_of(self, name: str) -> str:
        return self.deciding(name).path

    def names(self) -> list[str]:
        return list(dict.fromkeys(name for layer in self.layers for name in layer.names()))


def tfvars_files(directory: str) -> list[str]:
    """Terraform's automatic variable files, lowest precedence first."""
    fixed = [os.path.join(directory, name) for name in TFVARS_ORDER]
    auto = sorted(glob.glob(os.path.join(directory, "*.auto.tfvars")) + glob.glob(os.path.join(directory, "*.auto.tfvars.json")))
    return [path for path in fixed + auto if os.path.isfile(path)]


_tfvars: dict[tuple[str, float], dict] = {}


def tfvars_values(path: str) -> dict[str, tuple[Node, str]]:
    """name -> (expression, where) for one variable file (built once per file)."""
    key = _key(path)
    if key not in _tfvars:
        _tfvars[key] = _tfvars_values(path)
    return _tfvars[key]


def _tfvars_values(path: str) -> dict[str, tuple[Node, str]]:
    tree = document(path)
    if path.endswith(".json"):
        return {name: (json_node(value), shown_path(path)) for name, value in tree.items()} if isinstance(tree, dict) else {}
    return {name: (attribute_expression(attribute), f"{shown_path(path)}:{attribute.meta.line}")
            for name, attribute in attributes(tree.children[0]).items()}


_ITEM_START = re.compile(r"^\s*[A-Za-z_][\w-]*\s*(?:=(?!=)|\{|\")")


def resource_attribute_fast(path: str, start: int, end: int, name: str) -> Any:
    """A top-level attribute of the resource block on lines start..end, parsed alone when that is unambiguous.

    Returns the expression, ``None`` when the block does not write the name at all, or ``...`` when the block
    must be parsed whole (the name appears more than once, in a nested block, a comment or a string).
    Parsing one attribute costs a fraction of parsing the block; its text is cached, and many resources share it.
    """
    block = lines(path)[start - 1:end]
    if not any(name in line for line in block):
        return None
    occurrences = [number for number, line in enumerate(block) if re.search(rf"(?<![\w.-]){re.escape(name)}(?![\w-])", line)]
    if not occurrences:
        return None
    first = occurrences[0]
    if len(occurrences) != 1 or first == 0 or not re.match(rf"^\s*{re.escape(name)}\s*=(?!=)", block[first]):
        return ...
    if _indent(block[first]) != min((_indent(line) for line in block[1:-1] if line.strip()), default=-1):
        return ...  # deeper than the block's own attributes: in a nested block
    last = len(block) - 1
    for stop in range(first + 1, last + 1):
        if stop == last or _ITEM_START.match(block[stop]):
            attribute_text = "\n".join(block[first:stop]) + "\n"
            node = plain_attribute(attribute_text, name, start + first)
            if node is not None:
                return node
            node = _attribute_alone(attribute_text, name)
            if node is not None:
                return shift_lines(node, start + first - 1)
    return ...


def _indent(line: str) -> int:
    return len(line) - len(line.lstrip())


@functools.lru_cache(maxsize=4096)
def _attribute_alone(text: str, name: str) -> Optional[Node]:
    """The expression of ``text`` when it is exactly the attribute ``name``; None when it is not (yet) that."""
    try:
        tree = parse_body(text)
    except Exception:
        return None  # not the whole attribute yet
    found = attributes(tree.children[0])
    if set(found) == {name} and len(tree.children[0].children) == 1:
        return attribute_expression(found[name])
    return None
