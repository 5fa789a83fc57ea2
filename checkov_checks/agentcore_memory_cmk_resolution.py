"""What an AgentCore memory's key resolves to, read past what Checkov renders.

Checkov hands a check the rendered resource: parameter defaults and variables substituted, conditionals
evaluated. That loses the information the verdict needs, so these helpers go back to the source:

- CloudFormation: the template file itself (its Parameters, Conditions and Resources), because Checkov
  substitutes a parameter's empty default into an ``Fn::If`` branch that the condition never takes.
- Terraform: the HCL expression as written, and Checkov's graph for variables, module calls and data
  sources, because Checkov may evaluate ``var.x != null`` as true for a null-default variable.

The verdict for each value comes from ``agentcore_cmk.verdicts``. Anything unexpected in the source
falls back to judging the rendered value, so a resource always gets a verdict.
"""

from __future__ import annotations

import logging
import os
import re
from typing import Any, Optional

from checkov.common.output.record import Record

from agentcore_cmk import verdicts as v
from agentcore_cmk.verdicts import Verdict

CFN_FIELD = "EncryptionKeyArn"
TF_FIELD = "encryption_key_arn"

LOGGER = logging.getLogger(__name__)
MISSING = object()
_MAX_DEPTH = 20  # references that lead to references; deeper than any real template

# --------------------------------------------------------------------------------------------------
# CloudFormation
# --------------------------------------------------------------------------------------------------

CFN_KEY_TYPES = ("AWS::KMS::Key", "AWS::KMS::ReplicaKey")
_templates: dict[tuple[str, float], Optional[dict]] = {}


def judge_cloudformation_memory(properties: Any, logical_id: str) -> Verdict:
    """The verdict for one ``AWS::BedrockAgentCore::Memory``, given Checkov's rendered ``Properties``."""
    properties = properties if isinstance(properties, dict) else {}
    try:
        template = _source_template(properties.get("__file__"))
        source_properties = _resource_properties(template, logical_id)
        if source_properties is None:  # no readable source: judge what Checkov rendered
            template, source_properties = {}, properties
        if CFN_FIELD not in source_properties:
            return v.absent(CFN_FIELD)
        return CloudFormationTemplate(template).judge(source_properties[CFN_FIELD])
    except Exception:  # a template shape nobody foresaw: still answer, from what Checkov rendered
        LOGGER.warning("could not follow %s of %s; judging the rendered value", CFN_FIELD, logical_id, exc_info=True)
        return v.judge_key_reference(_plain(properties.get(CFN_FIELD)), CFN_FIELD)


class CloudFormationRecordWithDetails(Record):
    """Checkov's CloudFormation runner (3.3.x) builds its records without the check's ``details``: add them.

    The runner creates each record right after the registry ran the checks on that resource, so the
    registered check still holds the details of the resource the record is for. Defined at module level
    because Checkov pickles records across its worker processes.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.details or self.check_id not in _CHECKS_WITH_DETAILS:
            return
        from checkov.cloudformation.checks.resource.registry import cfn_registry

        check = cfn_registry.get_check_by_id(self.check_id)
        self.details = list(check.details) if check is not None else []


_CHECKS_WITH_DETAILS: set[str] = set()


def carry_details_into_cloudformation_records(check_id: str) -> None:
    from checkov.cloudformation import runner

    _CHECKS_WITH_DETAILS.add(check_id)
    if not issubclass(runner.Record, CloudFormationRecordWithDetails):
        runner.Record = CloudFormationRecordWithDetails


def _source_template(path: Any) -> Optional[dict]:
    if not isinstance(path, str) or not os.path.isfile(path):
        return None
    key = (path, os.path.getmtime(path))
    if key not in _templates:
        from checkov.cloudformation.parser import parse

        try:
            template, _ = parse(path)
        except Exception:  # Checkov already parsed this file once; a second failure is not ours to report
            LOGGER.debug("could not re-read %s", path, exc_info=True)
            template = None
        _templates[key] = template if isinstance(template, dict) else None
    return _templates[key]


def _resource_properties(template: Optional[dict], logical_id: str) -> Optional[dict]:
    resources = (template or {}).get("Resources")
    resource = resources.get(logical_id) if isinstance(resources, dict) else None
    if not isinstance(resource, dict):
        return None
    properties = resource.get("Properties", {})
    return properties if isinstance(properties, dict) else {}


def _section(template: dict, name: str) -> dict:
    section = template.get(name)
    return section if isinstance(section, dict) else {}


def _function(value: Any) -> Optional[tuple[str, Any]]:
    """``(name, argument)`` when value is an intrinsic function such as ``{"Fn::If": [...]}``, else None.

    Checkov's JSON parser adds ``__startline__``-style keys to every object; they are not part of the template.
    """
    if not isinstance(value, dict):
        return None
    keys = [key for key in value if not (isinstance(key, str) and key.startswith("__") and key.endswith("__"))]
    return (keys[0], value[keys[0]]) if len(keys) == 1 and isinstance(keys[0], str) else None


def _plain(value: Any) -> Any:
    """The value without the parser's position keys, to show it in a reason."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if not (str(key).startswith("__") and str(key).endswith("__"))}
    if isinstance(value, list):
        return [_plain(item) for item in value]
    return value


def _ref_name(value: Any) -> Optional[str]:
    function = _function(value)
    if function and function[0] == "Ref" and isinstance(function[1], str):
        return function[1]
    return None


class CloudFormationTemplate:
    """Judges an ``EncryptionKeyArn`` value, intrinsic functions included, against its template."""

    def __init__(self, template: dict) -> None:
        self.parameters = _section(template, "Parameters")
        self.conditions = _section(template, "Conditions")
        self.resources = _section(template, "Resources")

    def judge(self, value: Any, depth: int = 0) -> Verdict:
        if _function(value) and depth < _MAX_DEPTH:
            function, argument = _function(value)
            handler = {
                "Ref": self._ref,
                "Fn::GetAtt": self._get_att,
                "Fn::If": self._if,
                "Fn::Sub": self._sub,
                "Fn::Join": self._join,
                "Fn::ImportValue": lambda _, __: v.outside_input(CFN_FIELD, "Fn::ImportValue, another stack's export"),
                "Fn::FindInMap": lambda _, __: v.outside_input(CFN_FIELD, "Fn::FindInMap"),
            }.get(function)
            if handler:
                return handler(argument, depth + 1)
        return v.judge_key_reference(_plain(value), CFN_FIELD)

    def _ref(self, name: Any, depth: int) -> Verdict:
        if name == "AWS::NoValue":
            return v.explicitly_removed(CFN_FIELD)
        if isinstance(name, str) and isinstance(self.parameters.get(name), dict):
            return self._parameter(name, self.parameters[name])
        resource = self.resources.get(name) if isinstance(name, str) else None
        resource_type = resource.get("Type") if isinstance(resource, dict) else None
        if resource_type in CFN_KEY_TYPES:
            return v.key_resource(CFN_FIELD, f"{name} ({resource_type})")
        if resource_type == "AWS::KMS::Alias":
            properties = resource.get("Properties")
            alias = properties.get("AliasName") if isinstance(properties, dict) else None
            return self.judge(alias, depth) if isinstance(alias, str) else v.key_resource(CFN_FIELD, name)
        return v.not_a_key_reference(CFN_FIELD, {"Ref": name})

    @staticmethod
    def _parameter(name: str, parameter: dict) -> Verdict:
        if str(parameter.get("Type", "")).startswith("AWS::SSM::Parameter::Value"):
            return v.outside_input(CFN_FIELD, f"the SSM parameter named by template parameter {name}")
        if "Default" not in parameter:
            return v.outside_input(CFN_FIELD, f"template parameter {name}, which has no default")
        default = parameter["Default"]
        if v.is_unset(default):
            return v.may_be_unset(CFN_FIELD, f"parameter {name} defaults to {str(default)!r}")
        return v.in_branch(v.judge_key_reference(default, CFN_FIELD), f"the default of parameter {name}")

    def _get_att(self, argument: Any, depth: int) -> Verdict:
        if isinstance(argument, str):
            argument = argument.split(".", 1)
        name = argument[0] if isinstance(argument, list) and argument else None
        resource = self.resources.get(name) if isinstance(name, str) else None
        resource_type = resource.get("Type") if isinstance(resource, dict) else None
        if resource_type in CFN_KEY_TYPES:
            return v.key_resource(CFN_FIELD, ".".join(str(part) for part in argument))
        return v.not_a_key_reference(CFN_FIELD, {"Fn::GetAtt": _plain(argument)})

    def _if(self, argument: Any, depth: int) -> Verdict:
        if not (isinstance(argument, list) and len(argument) == 3 and isinstance(argument[0], str)):
            return v.not_a_key_reference(CFN_FIELD, {"Fn::If": _plain(argument)})
        condition, when_true, when_false = argument
        set_when_true, set_when_false = self._parameters_set(condition, frozenset())
        branches = []
        for value, set_parameters, outcome in ((when_true, set_when_true, "true"), (when_false, set_when_false, "false")):
            parameter = _ref_name(value)
            if parameter in set_parameters:  # the idiom: this branch is taken only when the caller gave a key
                verdict = v.outside_input(CFN_FIELD, f"template parameter {parameter}, used only when it is set")
            else:
                verdict = self.judge(value, depth)
            branches.append(v.in_branch(verdict, f"when condition {condition} is {outcome}"))
        return v.every_branch(CFN_FIELD, f"Fn::If {condition}", branches)

    def _parameters_set(self, condition: Any, seen: frozenset) -> tuple[frozenset, frozenset]:
        """The parameters a condition guarantees non-empty when it is true, and when it is false."""
        none = frozenset()
        if isinstance(condition, str):
            if condition in seen:
                return none, none
            return self._parameters_set(self.conditions.get(condition), seen | {condition})
        if not _function(condition):
            return none, none
        function, argument = _function(condition)
        if function == "Condition":
            return self._parameters_set(argument, seen)
        if not isinstance(argument, list):
            return none, none
        if function == "Fn::Not" and len(argument) == 1:
            when_true, when_false = self._parameters_set(argument[0], seen)
            return when_false, when_true
        if function == "Fn::Equals" and len(argument) == 2:
            for compared, other in (argument, argument[::-1]):
                if _ref_name(compared) and isinstance(other, str) and not other.strip():
                    return none, frozenset({_ref_name(compared)})
            return none, none
        parts = [self._parameters_set(part, seen) for part in argument]
        if function == "Fn::And":
            return frozenset().union(*(true for true, _ in parts)), none
        if function == "Fn::Or":
            return none, frozenset().union(*(false for _, false in parts))
        return none, none

    def _sub(self, argument: Any, depth: int) -> Verdict:
        text = argument[0] if isinstance(argument, list) and argument else argument
        if not isinstance(text, str):
            return v.not_a_key_reference(CFN_FIELD, {"Fn::Sub": _plain(argument)})
        whole_reference = re.fullmatch(r"\$\{([\w:]+)\}", text.strip())
        if whole_reference:
            return self._ref(whole_reference.group(1), depth)
        return self._built_string(text, "Fn::Sub")

    def _join(self, argument: Any, depth: int) -> Verdict:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list)):
            return v.not_a_key_reference(CFN_FIELD, {"Fn::Join": _plain(argument)})
        delimiter, parts = argument
        if isinstance(delimiter, str) and all(isinstance(part, str) for part in parts):
            return v.judge_key_reference(delimiter.join(parts), CFN_FIELD)
        return self._built_string(str(parts), "Fn::Join")

    @staticmethod
    def _built_string(text: str, function: str) -> Verdict:
        if "${" not in text and function == "Fn::Sub":
            return v.judge_key_reference(text, CFN_FIELD)
        managed = re.search(r"alias/aws/[\w/-]*", text)
        if managed:
            return v.aws_managed_key(CFN_FIELD, managed.group(0))
        return v.outside_input(CFN_FIELD, f"{function} with values filled in at deploy time")


# --------------------------------------------------------------------------------------------------
# Terraform
# --------------------------------------------------------------------------------------------------

TF_KEY_TYPES = frozenset({
    "aws_kms_key", "aws_kms_replica_key", "aws_kms_external_key", "aws_kms_replica_external_key",
    "awscc_kms_key", "awscc_kms_replica_key",
})
TF_ALIAS_TYPES = {"aws_kms_alias": "name", "awscc_kms_alias": "alias_name"}
TF_KEY_DATA_SOURCES = {"aws_kms_key": "key_id", "aws_kms_alias": "name"}

_TRAVERSAL = re.compile(r"^[A-Za-z_][\w-]*(?:\[[^\]]*\]|\.[A-Za-z_][\w-]*|\.\d+)*$")
_MODULE_PREFIX = re.compile(r"^(?:module\.[\w-]+(?:\[[^\]]*\])?\.)*")
_LAST_MODULE = re.compile(r"module\.[\w-]+(?:\[[^\]]*\])?\.$")
_NULL = ("null", "None")  # hcl2 writes null inside expressions as None
_sources: dict[tuple[str, float], Optional[dict]] = {}
_graph_indexes: dict[int, tuple[Any, dict]] = {}


def judge_terraform_memory(conf: dict, graph: Any = None) -> Verdict:
    """The verdict for one Terraform memory, given Checkov's rendered ``conf`` and, when there is one, its graph."""
    rendered = _unwrap(conf.get(TF_FIELD, [MISSING]))
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else ""
    prefix = _MODULE_PREFIX.match(address).group(0)
    try:
        if "__file__" in conf:  # a plan: values are final, a key created in the same plan arrives as its reference
            return TerraformModule(prefix, {}).judge_rendered(rendered)
        index = _graph_index(graph)
        written = _written_expression(index.get(("resource", address)))
        if written is None:
            return TerraformModule(prefix, index).judge_rendered(rendered)
        return TerraformModule(prefix, index).judge_written(written, rendered)
    except Exception:  # an expression nobody foresaw: still answer, from what Checkov rendered
        LOGGER.warning("could not follow %s of %s; judging the rendered value", TF_FIELD, address, exc_info=True)
        return v.absent(TF_FIELD) if rendered is MISSING else v.judge_key_reference(rendered, TF_FIELD)


def _unwrap(value: Any) -> Any:
    """Checkov and hcl2 wrap each attribute value in a one-item list."""
    return value[0] if isinstance(value, list) and len(value) == 1 else value


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
    name = re.sub(r"\[.*\]$", "", name)  # count and for_each instances share one block
    source = _parsed_tf_file(vertex["file_path_"])
    for block in (source or {}).get("resource", []):
        body = block.get(resource_type, {}).get(name) if isinstance(block, dict) else None
        if isinstance(body, dict):
            return _unwrap(body[TF_FIELD]) if TF_FIELD in body else MISSING
    return None


def _parsed_tf_file(path: str) -> Optional[dict]:
    if not path.endswith(".tf") or not os.path.isfile(path):
        return None
    key = (path, os.path.getmtime(path))
    if key not in _sources:
        import hcl2

        try:
            with open(path, encoding="utf-8") as file:
                _sources[key] = hcl2.load(file)
        except Exception:
            LOGGER.debug("could not re-read %s", path, exc_info=True)
            _sources[key] = None
    return _sources[key]


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
            inner = written.strip()[2:-1] if written.strip().startswith("${") and written.strip().endswith("}") else None
            if inner is not None and "${" not in inner:
                return self.judge_expression(inner.strip(), rendered)
            return self._template_string(written, rendered)
        return v.judge_key_reference(written, TF_FIELD)

    def judge_rendered(self, value: Any, depth: int = 0) -> Verdict:
        """A value Checkov rendered: a literal, or a reference it could not resolve."""
        if value is MISSING:
            return v.absent(TF_FIELD)
        if isinstance(value, str) and _TRAVERSAL.match(value.strip()) and "." in value and depth < _MAX_DEPTH:
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
        parts = [re.sub(r"\[.*\]$", "", part) for part in reference.split(".")]
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
            shown = _shown(value)
            where = f" of {self.prefix.rstrip('.')}" if self.prefix else ""
            return v.may_be_unset(TF_FIELD, f"variable {name}{where} is {shown}: its default, tfvars and module arguments leave it empty")
        if isinstance(value, str) and _TRAVERSAL.match(value.strip()) and "." in value and self.prefix:
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
