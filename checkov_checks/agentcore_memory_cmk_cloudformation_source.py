"""What a CloudFormation AgentCore memory's ``EncryptionKeyArn`` resolves to, read from the template itself.

Checkov hands a check the rendered resource, parameter defaults substituted: it puts a parameter's empty
default into an ``Fn::If`` branch that the condition never takes. So the memory is judged from the template
file (its Parameters, Conditions and Resources); anything unexpected falls back to judging the rendered
value, so a resource always gets a verdict. The verdict for each value comes from ``agentcore_cmk.verdicts``.
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
CFN_KEY_TYPES = ("AWS::KMS::Key", "AWS::KMS::ReplicaKey")

LOGGER = logging.getLogger(__name__)
_MAX_DEPTH = 20  # references that lead to references; deeper than any real template
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


def _is_position_key(key: Any) -> bool:
    """Checkov's JSON parser adds ``__startline__``-style keys to every object; they are not part of the template."""
    return isinstance(key, str) and key.startswith("__") and key.endswith("__")


def _function(value: Any) -> Optional[tuple[str, Any]]:
    """``(name, argument)`` when value is an intrinsic function such as ``{"Fn::If": [...]}``, else None."""
    if not isinstance(value, dict):
        return None
    keys = [key for key in value if not _is_position_key(key)]
    return (keys[0], value[keys[0]]) if len(keys) == 1 and isinstance(keys[0], str) else None


def _plain(value: Any) -> Any:
    """The value without the parser's position keys, to show it in a reason."""
    if isinstance(value, dict):
        return {key: _plain(item) for key, item in value.items() if not _is_position_key(key)}
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
        function = _function(value)
        if function and depth < _MAX_DEPTH:
            name, argument = function
            if name == "Fn::ImportValue":
                return v.outside_input(CFN_FIELD, "Fn::ImportValue, another stack's export")
            if name == "Fn::FindInMap":
                return v.outside_input(CFN_FIELD, "Fn::FindInMap")
            handler = {
                "Ref": self._ref,
                "Fn::GetAtt": self._get_att,
                "Fn::If": self._if,
                "Fn::Sub": self._sub,
                "Fn::Join": self._join,
            }.get(name)
            if handler:
                return handler(argument, depth + 1)
        return v.judge_key_reference(_plain(value), CFN_FIELD)

    def _ref(self, name: Any, depth: int) -> Verdict:
        if name == "AWS::NoValue":
            return v.explicitly_removed(CFN_FIELD)
        if isinstance(name, str) and isinstance(self.parameters.get(name), dict):
            return self._parameter(name, self.parameters[name])
        resource_type, resource = self._resource(name)
        if resource_type in CFN_KEY_TYPES:
            return v.key_resource(CFN_FIELD, f"{name} ({resource_type})")
        if resource_type == "AWS::KMS::Alias":
            properties = resource.get("Properties")
            alias = properties.get("AliasName") if isinstance(properties, dict) else None
            return self.judge(alias, depth) if isinstance(alias, str) else v.key_resource(CFN_FIELD, name)
        return v.not_a_key_reference(CFN_FIELD, {"Ref": name})

    def _resource(self, name: Any) -> tuple[Any, Any]:
        """``(Type, resource)`` of the resource with that logical ID; Type is None when there is none."""
        resource = self.resources.get(name) if isinstance(name, str) else None
        return (resource.get("Type") if isinstance(resource, dict) else None), resource

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
        if self._resource(name)[0] in CFN_KEY_TYPES:
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
        function = _function(condition)
        if not function:
            return none, none
        name, argument = function
        if name == "Condition":
            return self._parameters_set(argument, seen)
        if not isinstance(argument, list):
            return none, none
        if name == "Fn::Not" and len(argument) == 1:
            when_true, when_false = self._parameters_set(argument[0], seen)
            return when_false, when_true
        if name == "Fn::Equals" and len(argument) == 2:
            for compared, other in (argument, argument[::-1]):
                if _ref_name(compared) and isinstance(other, str) and not other.strip():
                    return none, frozenset({_ref_name(compared)})
            return none, none
        parts = [self._parameters_set(part, seen) for part in argument]
        if name == "Fn::And":
            return frozenset().union(*(true for true, _ in parts)), none
        if name == "Fn::Or":
            return none, frozenset().union(*(false for _, false in parts))
        return none, none

    def _sub(self, argument: Any, depth: int) -> Verdict:
        text = argument[0] if isinstance(argument, list) and argument else argument
        if not isinstance(text, str):
            return v.not_a_key_reference(CFN_FIELD, {"Fn::Sub": _plain(argument)})
        whole_reference = re.fullmatch(r"\$\{([\w:]+)\}", text.strip())
        if whole_reference:
            return self._ref(whole_reference.group(1), depth)
        if "${" not in text:
            return v.judge_key_reference(text, CFN_FIELD)
        return _built_string(text, "Fn::Sub")

    def _join(self, argument: Any, depth: int) -> Verdict:
        if not (isinstance(argument, list) and len(argument) == 2 and isinstance(argument[1], list)):
            return v.not_a_key_reference(CFN_FIELD, {"Fn::Join": _plain(argument)})
        delimiter, parts = argument
        if isinstance(delimiter, str) and all(isinstance(part, str) for part in parts):
            return v.judge_key_reference(delimiter.join(parts), CFN_FIELD)
        return _built_string(str(parts), "Fn::Join")


def _built_string(text: str, function: str) -> Verdict:
    """A string ``Fn::Sub`` or ``Fn::Join`` builds at deploy time: only an AWS managed alias in it is known."""
    managed = re.search(r"alias/aws/[\w/-]*", text)
    if managed:
        return v.aws_managed_key(CFN_FIELD, managed.group(0))
    return v.outside_input(CFN_FIELD, f"{function} with values filled in at deploy time")
