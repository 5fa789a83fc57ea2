"""What a Terraform AgentCore memory's ``encryption_key_arn`` resolves to, read from the expression as written.

Checkov hands a check the rendered resource, variables substituted and conditionals evaluated, and may
evaluate ``var.x != null`` as true for a null-default variable. So the memory is judged from the HCL
expression as written, with Checkov's graph for variables, module calls and data sources; anything
unexpected falls back to judging the rendered value, so a resource always gets a verdict. The verdict for
each value comes from ``agentcore_cmk.verdicts``.
"""

from __future__ import annotations

import functools
import logging
import os
import re
from typing import Any, Optional

from agentcore_cmk import verdicts as v
from agentcore_cmk.verdicts import Verdict

TF_FIELD = "encryption_key_arn"
TF_KEY_TYPES = frozenset({
    "aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key",
    "awscc_kms_key", "awscc_kms_replica_key",
})
TF_ALIAS_TYPES = {"aws_kms_alias": "name", "awscc_kms_alias": "alias_name"}
TF_KEY_DATA_SOURCES = {"aws_kms_key": "key_id", "aws_kms_alias": "name"}

LOGGER = logging.getLogger(__name__)
MISSING = object()
UNREAD = object()  # the block's lines did not settle what is written: parse the whole file
_MAX_DEPTH = 20  # references that lead to references; deeper than any real configuration
_TRAVERSAL = re.compile(r"^[A-Za-z_][\w-]*(?:\[[^\]]*\]|\.[A-Za-z_][\w-]*|\.\d+)*$")
_MODULE_PREFIX = re.compile(r"^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*")
_LAST_MODULE = re.compile(r"module\.[\w-]+(?:\[[^\]]*\])?\.$")
_FIELD_NAME = re.compile(rf"(?<![\w.]){TF_FIELD}(?!\w)")  # not var.encryption_key_arn
_ATTRIBUTE_START = re.compile(rf"^\s*{TF_FIELD}\s*=(?!=)")
_RESOURCE_HEADER = re.compile(r'\s*resource\s+"([^"]*)"\s+"([^"]*)"\s*\{')
_ITEM_START = re.compile(r'^\s*[A-Za-z_][\w-]*\s*(?:=(?!=)|\{|")')  # an attribute or a nested block
_NULL = ("null", "None")  # hcl2 writes null inside expressions as None
_sources: dict[tuple[str, float], Optional[dict]] = {}
_lines: dict[tuple[str, float], Optional[list]] = {}
_graph_indexes: dict[int, tuple[Any, dict]] = {}


def judge_terraform_memory(conf: dict, graph: Any = None) -> Verdict:
    """The verdict for one Terraform memory, given Checkov's rendered ``conf`` and, when there is one, its graph."""
    rendered = _unwrap(conf.get(TF_FIELD, [MISSING]))
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else ""
    prefix = _MODULE_PREFIX.match(address).group(0)
    try:
        # a plan (it has __file__): values are final, a key created in the same plan arrives as its reference
        index = {} if "__file__" in conf else _graph_index(graph)
        written = _written_expression(index.get(("resource", address)))
        module = TerraformModule(prefix, index)
        return module.judge_rendered(rendered) if written is None else module.judge_written(written, rendered)
    except Exception:  # an expression nobody foresaw: still answer, from what Checkov rendered
        LOGGER.warning("could not follow %s of %s; judging the rendered value", TF_FIELD, address, exc_info=True)
        return v.absent(TF_FIELD) if rendered is MISSING else v.judge_key_reference(rendered, TF_FIELD)


def _unwrap(value: Any) -> Any:
    """Checkov and hcl2 wrap each attribute value in a one-item list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


def _without_instance_key(name: str) -> str:
    """``name`` without its ``[0]`` or ``["a"]``: count and for_each instances share one block."""
    return re.sub(r"\[.*\]$", "", name)


def _is_reference(value: Any) -> bool:
    """Whether value is a reference such as ``var.key`` or ``aws_kms_key.k.arn`` rather than a literal."""
    return isinstance(value, str) and bool(_TRAVERSAL.match(value.strip())) and "." in value


def _graph_index(graph: Any) -> dict:
    """(block type, address) -> vertex attributes, built once per graph."""
    if graph is None or not hasattr(graph, "node_indices"):
        return {}
    cached = _graph_indexes.get(id(graph))
    if cached is None or cached[0] is not graph:
        index = {}
        for node in graph.node_indices():
            attributes = graph[node][1] if isinstance(graph[node], tuple) else graph[node]
            if isinstance(attributes, dict):
                index[(attributes.get("block_type_"), attributes.get("__address__"))] = attributes
        cached = _graph_indexes[id(graph)] = (graph, index)
    return cached[1]


def _written_expression(vertex: Optional[dict]) -> Any:
    """The memory's ``encryption_key_arn`` as written in its .tf file, MISSING when absent, None when unknown."""
    if not vertex or not isinstance(vertex.get("file_path_"), str) or "." not in str(vertex.get("block_name_")):
        return None
    resource_type, name = vertex["block_name_"].split(".", 1)
    name = _without_instance_key(name)
    written = _written_in_block(vertex, resource_type, name)
    if written is not UNREAD:
        return written
    source = _parsed_tf_file(vertex["file_path_"])
    for block in (source or {}).get("resource", []):
        body = block.get(resource_type, {}).get(name) if isinstance(block, dict) else None
        if isinstance(body, dict):
            return _unwrap(body[TF_FIELD]) if TF_FIELD in body else MISSING
    return None


def _written_in_block(vertex: dict, resource_type: str, name: str) -> Any:
    """The attribute as written, read from the resource block's own lines; UNREAD when they do not settle it.

    Parsing the attribute alone costs a small fraction of parsing its whole file with every unrelated resource
    in it; whatever looks unusual (the name written twice, in a nested block, a comment or a string) is left
    to the whole-file parse.
    """
    lines = _tf_file_lines(vertex["file_path_"])
    start, end = vertex.get("__start_line__"), vertex.get("__end_line__")
    if lines is None or not isinstance(start, int) or not isinstance(end, int) or not 1 <= start < end <= len(lines):
        return UNREAD
    block = lines[start - 1:end]
    header = _RESOURCE_HEADER.match(block[0])
    if not header or header.groups() != (resource_type, name):
        return UNREAD  # not the block Checkov read
    if not any(TF_FIELD in line for line in block):
        return MISSING
    # the line number of each occurrence of the name; the one attribute Checkov saw must be the only one
    occurrences = [number for number, line in enumerate(block) for _ in _FIELD_NAME.finditer(line)]
    if len(occurrences) != 1 or TF_FIELD not in vertex or not _ATTRIBUTE_START.match(block[occurrences[0]]):
        return UNREAD
    return _parsed_attribute(block, occurrences[0])


def _parsed_attribute(block: list, first: int) -> Any:
    """The attribute starting on line ``first`` of ``block``, parsed up to the next item of the block or its end.

    A line that starts no item may continue the expression (``? a : b`` on the next line is valid HCL), so the
    expression ends only where the next attribute, nested block or the closing brace begins.
    """
    last = len(block) - 1
    for end in range(first + 1, last + 1):
        if end == last or _ITEM_START.match(block[end]):
            parsed = _parsed_snippet("\n".join(block[first:end]) + "\n")
            if isinstance(parsed, dict) and set(parsed) == {TF_FIELD}:
                return _unwrap(parsed[TF_FIELD])
    return UNREAD


@functools.lru_cache(maxsize=1024)  # count, for_each and module instances share one block
def _parsed_snippet(text: str) -> Optional[dict]:
    import hcl2

    try:
        return hcl2.loads(text)
    except Exception:  # not a whole attribute yet, or not HCL
        return None


def _tf_file_lines(path: str) -> Optional[list]:
    key = _tf_file_key(path)
    if key is not None and key not in _lines:
        try:
            with open(path, encoding="utf-8") as file:
                _lines[key] = file.read().split("\n")
        except Exception:
            LOGGER.debug("could not re-read %s", path, exc_info=True)
            _lines[key] = None
    return _lines.get(key)


def _parsed_tf_file(path: str) -> Optional[dict]:
    key = _tf_file_key(path)
    if key is not None and key not in _sources:
        import hcl2

        try:
            with open(path, encoding="utf-8") as file:
                _sources[key] = hcl2.load(file)
        except Exception:
            LOGGER.debug("could not re-read %s", path, exc_info=True)
            _sources[key] = None
    return _sources.get(key)


def _tf_file_key(path: str) -> Optional[tuple[str, float]]:
    """The cache key of a .tf file: its path and modification time; None for anything else."""
    if not path.endswith(".tf") or not os.path.isfile(path):
        return None
    return path, os.path.getmtime(path)


def split_conditional(expression: str) -> Optional[tuple[str, str, str]]:
    """``cond ? a : b`` at the top level of an expression, as its three parts."""
    depth, quoted, question, nested = 0, False, None, 0
    for position, char in enumerate(expression):
        if quoted:
            quoted = not (char == '"' and expression[position - 1] != "\\")
        elif char == '"':
            quoted = True
        elif char in "([{":
            depth += 1
        elif char in ")]}":
            depth -= 1
        elif depth == 0 and char == "?":
            nested += question is not None
            question = position if question is None else question
        elif depth == 0 and char == ":" and question is not None:
            if nested:
                nested -= 1
            else:
                return expression[:question].strip(), expression[question + 1:position].strip(), expression[position + 1:].strip()
    return None


def _set_by_condition(condition: str) -> tuple[set, set]:
    """The operands a condition guarantees non-null and non-empty when it is true, and when it is false."""
    when_true, when_false = set(), set()
    if "||" in condition:
        return when_true, when_false
    empty = r'(?:null|None|"")'
    for part in condition.split("&&"):
        part = part.strip().strip("()").strip()
        for pattern, guaranteed in (
            (rf"^(?P<x>\S+)\s*!=\s*{empty}$", when_true), (rf"^{empty}\s*!=\s*(?P<x>\S+)$", when_true),
            (rf"^(?P<x>\S+)\s*==\s*{empty}$", when_false), (rf"^{empty}\s*==\s*(?P<x>\S+)$", when_false),
            (r"^length\((?P<x>[^()]+)\)\s*(?:>\s*0|!=\s*0|>=\s*1)$", when_true),
        ):
            match = re.match(pattern, part)
            if match:
                guaranteed.add(match.group("x"))
    return when_true, when_false


class TerraformModule:
    """Judges ``encryption_key_arn`` expressions inside one module instance (``prefix``, '' for the root)."""

    def __init__(self, prefix: str, index: dict) -> None:
        self.prefix = prefix
        self.index = index

    def judge_written(self, written: Any, rendered: Any) -> Verdict:
        if written is MISSING:
            return v.absent(TF_FIELD)
        if isinstance(written, str) and "${" in written:
            stripped = written.strip()
            inner = stripped[2:-1] if stripped.startswith("${") and stripped.endswith("}") else None
            if inner is not None and "${" not in inner:
                return self.judge_expression(inner.strip(), rendered)
            return self._template_string(written, rendered)
        return v.judge_key_reference(written, TF_FIELD)

    def judge_rendered(self, value: Any, depth: int = 0) -> Verdict:
        """A value Checkov rendered: a literal, or a reference it could not resolve."""
        if value is MISSING:
            return v.absent(TF_FIELD)
        if _is_reference(value) and depth < _MAX_DEPTH:
            return self.judge_reference(value.strip(), MISSING, depth + 1)
        return v.judge_key_reference(value, TF_FIELD)

    def judge_expression(self, expression: str, rendered: Any, depth: int = 0) -> Verdict:
        expression = expression.strip()
        if depth >= _MAX_DEPTH:
            return v.may_be_unset(TF_FIELD, f"{expression} is too deeply nested to follow")
        if expression in _NULL:
            return v.absent(TF_FIELD)
        if re.fullmatch(r'"[^"$]*"', expression):
            return v.judge_key_reference(expression[1:-1], TF_FIELD)
        conditional = split_conditional(expression)
        if conditional:
            return self._conditional(*conditional, depth=depth + 1)
        if expression.startswith("(") and expression.endswith(")"):
            return self.judge_expression(expression[1:-1], rendered, depth + 1)
        if _TRAVERSAL.match(expression):
            return self.judge_reference(expression, rendered, depth + 1)
        if _resolved(rendered, expression):
            return self.judge_rendered(rendered, depth + 1)
        return v.may_be_unset(TF_FIELD, f"the scanned files do not show what {expression} evaluates to")

    def _conditional(self, condition: str, when_true: str, when_false: str, depth: int) -> Verdict:
        set_when_true, set_when_false = _set_by_condition(condition)
        condition = re.sub(r"\bNone\b", "null", condition)  # as the user wrote it
        branches = []
        for branch, set_operands, outcome in ((when_true, set_when_true, "true"), (when_false, set_when_false, "false")):
            if branch.strip() in set_operands:  # the idiom: this branch is taken only when the caller gave a key
                verdict = v.outside_input(TF_FIELD, f"{branch.strip()}, used only when it is set")
            else:
                verdict = self.judge_expression(branch, MISSING, depth)
            branches.append(v.in_branch(verdict, f"when {condition} is {outcome}"))
        return v.every_branch(TF_FIELD, f"the conditional on {condition}", branches)

    def judge_reference(self, reference: str, rendered: Any, depth: int = 0) -> Verdict:
        parts = [_without_instance_key(part) for part in reference.split(".")]
        head = parts[0]
        if head == "var" and len(parts) > 1:
            return self._variable(parts[1], rendered, depth)
        if head in TF_KEY_TYPES:
            return v.key_resource(TF_FIELD, reference)
        if head in TF_ALIAS_TYPES and len(parts) > 1:
            alias = self.index.get(("resource", f"{self.prefix}{head}.{parts[1]}"), {}).get(TF_ALIAS_TYPES[head])
            managed = v.aws_managed_alias(alias)
            return v.aws_managed_key(TF_FIELD, managed) if managed else v.key_resource(TF_FIELD, reference)
        if head == "data" and len(parts) > 2:
            return self._data_source(parts[1], parts[2])
        if _resolved(rendered, reference):
            if v.is_unset(rendered):
                return v.may_be_unset(TF_FIELD, f"{reference} is {_shown(rendered)}")
            return self.judge_rendered(rendered, depth)
        if head == "module":
            return v.outside_input(TF_FIELD, f"the module output {reference}")
        if head in ("local", "each", "count", "path", "terraform", "self"):
            return v.may_be_unset(TF_FIELD, f"the scanned files do not show what {reference} evaluates to")
        return v.not_a_key_reference(TF_FIELD, reference)

    def _variable(self, name: str, rendered: Any, depth: int) -> Verdict:
        variable = self.index.get(("variable", f"{self.prefix}{name}"))
        if variable is None:  # no graph (plan, or a variable Checkov did not load)
            if _resolved(rendered, f"var.{name}"):
                return self.judge_rendered(rendered, depth)
            return v.outside_input(TF_FIELD, f"the variable {name}")
        if "default" not in variable:
            return v.outside_input(TF_FIELD, f"the required variable {name}")
        value = variable["default"]  # Checkov writes tfvars values and module arguments here
        if v.is_unset(value):
            where = f" of {self.prefix.rstrip('.')}" if self.prefix else ""
            return v.may_be_unset(TF_FIELD, f"variable {name}{where} is {_shown(value)}: its default, tfvars and module arguments leave it empty")
        if _is_reference(value) and self.prefix:
            # a module argument that Checkov left as a reference: judge it where the module is called
            parent = TerraformModule(_LAST_MODULE.sub("", self.prefix), self.index)
            return parent.judge_reference(value.strip(), MISSING, depth + 1)
        return self.judge_rendered(value, depth + 1)

    def _data_source(self, data_type: str, name: str) -> Verdict:
        address = f"data.{data_type}.{name}"
        if data_type not in TF_KEY_DATA_SOURCES:
            return v.outside_input(TF_FIELD, f"the data source {address}")
        vertex = self.index.get(("data", f"{self.prefix}{data_type}.{name}"), {})
        looked_up = _unwrap(vertex.get(TF_KEY_DATA_SOURCES[data_type]))
        managed = v.aws_managed_alias(looked_up)
        if managed:
            return v.aws_managed_key(TF_FIELD, managed)
        return v.looked_up_key(TF_FIELD, address, str(looked_up) if looked_up is not None else "not shown")

    def _template_string(self, written: str, rendered: Any) -> Verdict:
        if isinstance(rendered, str) and "${" not in rendered and not re.search(r"\b(var|local|module|data)\.", rendered):
            return v.judge_key_reference(rendered, TF_FIELD)
        managed = re.search(r"alias/aws/[\w/-]*", written)
        if managed:
            return v.aws_managed_key(TF_FIELD, managed.group(0))
        return v.outside_input(TF_FIELD, f"the interpolated string {written}")


def _resolved(rendered: Any, expression: str) -> bool:
    """Whether Checkov rendered the expression to something other than its own text."""
    if rendered is MISSING:
        return False
    text = str(rendered).strip()
    return text not in (expression, f"${{{expression}}}")


def _shown(unset: Any) -> str:
    """An unset value as Terraform writes it."""
    return "null" if unset is None or str(unset).strip() == "None" else repr(unset)

