"""The CloudFormation evaluator: the defect it fixes through real Checkov, and the rules it follows, in-process."""

import os

import pytest

from agentcore_cmk import GATEWAY, MEMORY
from agentcore_cmk.iac import Kind, judge_values
from agentcore_cmk.resources import CLOUDFORMATION, iac_resources
from agentcore_cmk_checkov.engine.cloudformation import template as cloudformation_template
from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.terms import MAX_VALUES
from agentcore_cmk_checkov.engine.cloudformation_check import judge_resource
from checkov_expected import CFN_EVAL, CFN_GATEWAYS, SAM_GATEWAY, cfn, cfn_gateway
from checkov_runs import FIXTURES

MEMORY_ROW = iac_resources(MEMORY, CLOUDFORMATION)[0]  # AWS::BedrockAgentCore::Memory (the harness is the second)
(GATEWAY_ROW,) = iac_resources(GATEWAY, CLOUDFORMATION)
KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


# --- defect 15.5, through real Checkov -------------------------------------------------------------------------


@pytest.mark.parametrize("key", [
    (CFN_EVAL, cfn("NestedStackOutput")),
    (CFN_GATEWAYS, cfn_gateway("GatewayNestedStackKey")),
    (SAM_GATEWAY, cfn_gateway("SamGatewayFromApplication")),
])
def test_nested_stack_output_is_an_outside_input_not_a_non_key(fixtures_run, key):
    """``!GetAtt KeyStack.Outputs.KeyArn`` failed with "not a KMS key ARN": it is an input from outside the template."""
    result = fixtures_run.by_resource()[key]
    assert result["check_result"]["result"] == "PASSED", result["details"]
    (reason,) = result["details"]
    assert "of the nested stack" in reason and "outside the scanned files" in reason
    assert "not a KMS key ARN" not in reason


def test_the_fixture_run_needed_no_last_resort(fixtures_run):
    assert "could not evaluate" not in fixtures_run.stderr
    assert "could not re-read the CloudFormation template" not in fixtures_run.stderr


# --- the rules, in-process --------------------------------------------------------------------------------------


def verdict(template, value, field="EncryptionKeyArn"):
    return judge_values(CloudFormationEvaluator(template, "/t/template.yaml").values(value), field)


def test_a_condition_pinning_a_parameter_to_empty_makes_its_branch_empty():
    template = {"Parameters": {"Caller": {"Type": "String"}},
                "Conditions": {"NoCaller": {"Fn::Equals": [{"Ref": "Caller"}, ""]}},
                "Resources": {"New": {"Type": "AWS::KMS::Key"}}}
    judged = verdict(template, {"Fn::If": ["NoCaller", {"Ref": "Caller"}, {"Fn::GetAtt": ["New", "Arn"]}]})
    assert not judged.passed and "parameter Caller is '' in this branch" in judged.reason
    swapped = verdict(template, {"Fn::If": ["NoCaller", {"Fn::GetAtt": ["New", "Arn"]}, {"Ref": "Caller"}]})
    assert swapped.passed, swapped.reason


def test_conditions_that_refer_to_each_other_are_not_evaluated_not_endless():
    """CloudFormation rejects such a template: a FAIL that says why, even when each branch is a key."""
    template = {"Conditions": {"A": {"Condition": "B"}, "B": {"Fn::Not": [{"Condition": "A"}]}}}
    judged = verdict(template, {"Fn::If": ["A", KEY, KEY]})
    assert not judged.passed and "was not evaluated: condition A refers to itself" in judged.reason


def test_conditions_built_from_conditions_are_worked_out_once_each(monkeypatch):
    """C0 = C1 and C1, C1 = C2 and C2, ...: without remembering outcomes, 2**30 evaluations."""
    conditions = {f"C{i}": {"Fn::And": [{"Condition": f"C{i + 1}"}, {"Condition": f"C{i + 1}"}]} for i in range(30)}
    conditions["C30"] = {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}
    evaluator = CloudFormationEvaluator({"Conditions": conditions})
    calls = []
    truth = evaluator.conditions._truth
    monkeypatch.setattr(evaluator.conditions, "_truth", lambda *args: calls.append(args) or truth(*args))
    assert not judge_values(evaluator.values({"Fn::If": ["C0", KEY, ""]}), "EncryptionKeyArn").passed
    assert len(calls) < 200


def test_a_nested_fn_if_on_the_same_undecided_condition_follows_its_branch():
    template = {"Conditions": {"InUsEast1": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}}
    same = {"Fn::If": ["InUsEast1", {"Fn::If": ["InUsEast1", KEY, ""]}, KEY]}
    assert verdict(template, same).passed


def test_an_unknown_function_inside_a_built_string_makes_it_unknown_and_is_named():
    judged = verdict({}, {"Fn::Sub": ["arn:aws:kms:us-east-1:123456789012:key/${Id}", {"Id": {"Fn::Base64": "x"}}]})
    assert not judged.passed and "the function Fn::Base64" in judged.reason


def test_a_mapping_looked_up_by_an_outside_input_stops_at_the_limit():
    mapping = {f"region-{i}": {f"key-{j}": KEY for j in range(100)} for i in range(100)}
    values = CloudFormationEvaluator({"Mappings": {"Big": mapping}}).values(
        {"Fn::FindInMap": ["Big", {"Ref": "AWS::Region"}, {"Ref": "AWS::StackName"}]})
    assert len(values) == MAX_VALUES and values[-1].kind is Kind.NOT_EVALUATED


def test_too_many_combinations_end_in_an_unknown_value_that_fails():
    template = {"Conditions": {f"C{i}": {"Fn::Equals": [{"Ref": "AWS::Region"}, f"r{i}"]} for i in range(7)}}
    parts = [{"Fn::If": [f"C{i}", "a", "b"]} for i in range(7)]  # 2**7 = 128 strings
    values = CloudFormationEvaluator(template).values({"Fn::Join": ["", parts]})
    assert len(values) <= MAX_VALUES and values[-1].kind is Kind.NOT_EVALUATED
    assert not judge_values(values, "EncryptionKeyArn").passed


@pytest.mark.parametrize("value, passed, reason", [
    ({"Fn::Select": ["5", {"Fn::Split": [",", "a,b"]}]}, False, "Fn::Select index 5 of a list of 2"),
    ({"Fn::FindInMap": ["Keys", "prod", "Gateway", {"DefaultValue": KEY}]}, True, "the DefaultValue of Fn::FindInMap"),
    ({"Fn::FindInMap": ["Keys", "prod", "Gateway"]}, False, "Fn::FindInMap Keys.prod.Gateway"),
    ({"Fn::Sub": "${!Literal}"}, False, "'${Literal}'"),
    ({"Ref": "Missing"}, False, "nothing in the template has that name"),
    ({"Ref": "Malformed"}, False, "its declaration is not a mapping"),
    ({"Ref": "AliasWithoutName"}, False, "which has no AliasName"),
    ({"Fn::GetAtt": ["Key", "KeyId"]}, True, "the deployment may reject its KeyId"),
    ({"Fn::ImportValue": {"Fn::Sub": "${AWS::StackName}-key"}}, True, "Fn::ImportValue ⟨AWS::StackName⟩-key"),
    ({"Fn::Join": [",", {"Ref": "Required"}]}, True, "template parameter Required, which has no default"),
    ({"Fn::Select": [0, {"Ref": "AWS::NotificationARNs"}]}, False, "is 'AWS::NotificationARNs', which is not a KMS key"),
    ({"Ref": "AWS::Region"}, False, "is 'AWS::Region', which is not a KMS key ARN or alias (a pseudo parameter)"),
    ("alias/aws/bedrock", False, "AWS managed key alias/aws/bedrock"),
    ("alias/team-key", True, "the deployment may reject an alias name"),
])
def test_intrinsics(value, passed, reason):
    template = {"Parameters": {"Required": {"Type": "CommaDelimitedList"}, "Malformed": "a string"},
                "Mappings": {"Keys": {"prod": {"Memory": KEY}}},
                "Resources": {"Key": {"Type": "AWS::KMS::Key"}, "AliasWithoutName": {"Type": "AWS::KMS::Alias"}}}
    judged = verdict(template, value)
    assert judged.passed is passed and reason in judged.reason, judged.reason


# --- reading the template ----------------------------------------------------------------------------------------


def test_each_template_is_parsed_once_per_scan(monkeypatch):
    import checkov.cloudformation.parser as parser

    calls = []
    real_parse = parser.parse
    monkeypatch.setattr(parser, "parse", lambda path: calls.append(path) or real_parse(path))
    path = str(FIXTURES / "cloudformation" / "gateways.yaml")
    cloudformation_template._cache.pop(path, None)
    template, _ = cloudformation_template.read_template(path)
    for logical_id, resource in template["Resources"].items():
        if resource.get("Type") == GATEWAY_ROW.resource_type:
            judge_resource({"Properties": {"__file__": path}}, logical_id, GATEWAY_ROW)
    assert calls == [path]


def test_a_changed_template_is_read_again(tmp_path):
    path = tmp_path / "template.yaml"
    path.write_text("Resources:\n  M:\n    Type: AWS::BedrockAgentCore::Memory\n    Properties: {}\n")
    conf = {"Properties": {"__file__": str(path)}}
    assert "is absent" in judge_resource(conf, "M", MEMORY_ROW).reason
    path.write_text(f"Resources:\n  M:\n    Type: AWS::BedrockAgentCore::Memory\n    Properties:\n"
                    f"      EncryptionKeyArn: {KEY}\n")
    os.utime(path, (1, os.path.getmtime(path) + 10))
    assert judge_resource(conf, "M", MEMORY_ROW).passed


def test_an_unreadable_template_is_judged_from_the_rendering_and_says_so(tmp_path):
    rendered = {"Properties": {"__file__": str(tmp_path / "gone.yaml"), "EncryptionKeyArn": "alias/aws/bedrock"}}
    judged = judge_resource(rendered, "M", MEMORY_ROW)
    assert not judged.passed
    assert "judged from Checkov's rendered template" in judged.reason and "gone.yaml" in judged.reason


PARSE_PROBE = r"""
import collections, json, sys
import checkov.cloudformation.parser as parser
import checkov.cloudformation.cfn_utils as cfn_utils
real_parse = parser.parse
def counting_parse(path, *args, **kwargs):  # Checkov parses in worker processes: count in a file
    with open(sys.argv[2] + "/parsed.log", "a") as log:
        log.write(str(path) + "\n")
    return real_parse(path, *args, **kwargs)
parser.parse = cfn_utils.parse = counting_parse
from checkov.cloudformation.runner import Runner
from checkov.runner_filter import RunnerFilter
report = Runner().run(root_folder=sys.argv[1], external_checks_dir=[sys.argv[3]],
                      runner_filter=RunnerFilter(framework=["cloudformation"], checks=sys.argv[4:]))
calls = collections.Counter(open(sys.argv[2] + "/parsed.log").read().split())
results = [(r.resource, r.check_result["result"].name, r.details) for r in report.passed_checks + report.failed_checks]
print(json.dumps({"parsed": dict(calls), "results": results}))
"""


def test_a_scan_parses_each_template_once_and_the_plugin_uses_checkov_s_parse(tmp_path):
    """Through Checkov's own runner: the only parse of each file is Checkov's; the verdicts are the file's."""
    import json
    import shutil
    import subprocess
    import sys

    from agentcore_cmk import TOKEN_VAULT
    from agentcore_cmk.cli import plugin_folder

    (tmp_path / "templates").mkdir()
    for name in ("evaluator.yaml", "token_vaults.yaml", "allowed_values.yaml"):
        shutil.copy(FIXTURES / "cloudformation" / name, tmp_path / "templates" / name)
    probe = subprocess.run([sys.executable, "-c", PARSE_PROBE, str(tmp_path / "templates"), str(tmp_path),
                            str(plugin_folder("checkov")),
                            MEMORY.id, TOKEN_VAULT.id], capture_output=True, text=True, timeout=300)
    assert probe.returncode == 0, probe.stderr[-3000:]
    found = json.loads(probe.stdout.strip().splitlines()[-1])
    assert sorted(found["parsed"].values()) == [1, 1, 1], found["parsed"]
    results = {resource: (outcome, details) for resource, outcome, details in found["results"]}
    assert results["AWS::BedrockAgentCore::Memory.DefaultsPickKey"][0] == "PASSED"
    assert results["AWS::BedrockAgentCore::Memory.DefaultsPickNothing"][0] == "FAILED"
    assert "judged from Checkov's rendered template" not in json.dumps(found["results"])


# --- the table of intrinsic functions ---------------------------------------------------------------------------

#: Every intrinsic function CloudFormation documents (template reference, "Intrinsic function reference"), with the
#: condition and rule functions and those of the AWS::LanguageExtensions transform.
DOCUMENTED_INTRINSICS = (
    "Ref", "Fn::GetAtt", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::If", "Fn::FindInMap",
    "Fn::ImportValue", "Fn::Base64", "Fn::GetAZs", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString", "Fn::Transform",
    "Fn::ForEach", "Fn::Equals", "Fn::And", "Fn::Or", "Fn::Not", "Condition", "Fn::Contains",
    "Fn::EachMemberEquals", "Fn::EachMemberIn", "Fn::RefAll", "Fn::ValueOf", "Fn::ValueOfAll",
)


def test_the_table_lists_every_intrinsic_and_says_why_one_is_not_evaluated():
    from agentcore_cmk_checkov.engine.cloudformation.intrinsics import INTRINSICS

    assert set(DOCUMENTED_INTRINSICS) <= set(INTRINSICS)
    for intrinsic in INTRINSICS.values():
        assert (intrinsic.resolve is None) == bool(intrinsic.not_evaluated_because), intrinsic.name


@pytest.mark.parametrize("name", sorted({"Fn::Base64", "Fn::GetAZs", "Fn::Cidr", "Fn::Length", "Fn::ToJsonString",
                                         "Fn::Transform", "Fn::ForEach", "Fn::Equals", "Fn::RefAll"}))
def test_a_function_not_evaluated_fails_naming_it_and_why(name):
    from agentcore_cmk_checkov.engine.cloudformation.intrinsics import INTRINSICS

    judged = verdict({}, {name: ["x"]})
    assert not judged.passed and f"the function {name}" in judged.reason, judged.reason
    assert INTRINSICS[name].not_evaluated_because in judged.reason


def test_a_name_that_is_no_intrinsic_function_is_unknown_never_a_pass():
    judged = verdict({}, {"Fn::GetAttr": ["Key", "Arn"]})
    assert not judged.passed and "not an intrinsic function CloudFormation defines" in judged.reason, judged.reason
