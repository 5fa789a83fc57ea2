"""Whatever a CloudFormation template holds, each memory and gateway gets one verdict with a reason, and the
evaluator follows its rule for conditions."""

import json
import logging

from checkov.cloudformation.parser import parse
from checkov.common.models.enums import CheckResult
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agentcore_cmk.iac import Kind, judge_values
from agentcore_cmk_checkov.agentcore_gateway_cmk_cloudformation import AgentCoreGatewayCmkCloudFormation
from agentcore_cmk_checkov.agentcore_memory_cmk_cloudformation import AgentCoreMemoryCmkCloudFormation
from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.terms import MAX_VALUES

SETTINGS = settings(max_examples=150, deadline=None,
                    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture])

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
names = st.sampled_from(["KeyParam", "ListParam", "NewKey", "Alias", "Stack", "HasKey", "Keys", "AWS::NoValue",
                         "AWS::Region", "Missing", ""])
texts = st.one_of(st.text(max_size=12), st.sampled_from([
    KEY, "alias/aws/bedrock", "alias/mine", "", " ", "None", ",", "${KeyParam}", "${NewKey.Arn}", "${AWS::Region}",
    "arn:aws:kms:${AWS::Region}:${AWS::AccountId}:key/${KeyParam}", "{{resolve:ssm:/k}}", "Outputs.KeyArn", "0",
    "true", "Arn",
]))
patterns = st.one_of(st.text(max_size=12), st.sampled_from([
    r"^alias/aws/.*$", r"^arn:aws:kms:[a-z0-9-]+:\d{12}:key/.+$", r"^(alias/aws/bedrock|alias/mine)$", r"\p{L}+",
    r"[a-z&&[^b]]", r"(a+)+", r".*.*.*.*", r"(a)\1", r"^$", r"(?i)ALIAS/MINE", "(" * 300 + ")" * 300,
]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(-2, 5), st.floats(allow_nan=False, allow_infinity=False), texts)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4),
                            st.dictionaries(st.one_of(names, st.text(max_size=6)), inner, max_size=3)),
    max_leaves=10,
)
FUNCTIONS = ["Ref", "Fn::GetAtt", "Fn::If", "Fn::Sub", "Fn::Join", "Fn::Select", "Fn::Split", "Fn::FindInMap",
             "Fn::ImportValue", "Fn::Not", "Fn::Equals", "Fn::And", "Fn::Or", "Condition", "Fn::Base64", "Fn::GetAZs"]
intrinsics = st.recursive(
    st.one_of(json_like, names.map(lambda name: {"Ref": name})),
    lambda inner: st.one_of(
        st.builds(lambda f, arg: {f: arg}, st.sampled_from(FUNCTIONS),
                  st.one_of(inner, st.lists(st.one_of(inner, names), max_size=4), names)),
        st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, names, inner, inner),
        st.builds(lambda d, parts: {"Fn::Join": [d, parts]}, st.sampled_from(["", ",", ":"]), st.lists(inner, max_size=4)),
    ),
    max_leaves=10,
)
templates = st.fixed_dictionaries({
    "Parameters": st.dictionaries(names, st.one_of(json_like, st.fixed_dictionaries(
        {"Type": st.sampled_from(["String", "CommaDelimitedList", "List<String>", "AWS::SSM::Parameter::Value<String>", 3])},
        optional={"Default": json_like, "AllowedValues": st.one_of(st.lists(scalars, max_size=4), json_like),
                  "AllowedPattern": st.one_of(patterns, json_like)}))),
    "Conditions": st.dictionaries(names, intrinsics),
    "Mappings": st.dictionaries(names, st.dictionaries(names, st.dictionaries(names, json_like, max_size=2), max_size=2)),
    "Resources": st.dictionaries(names, st.one_of(json_like, st.fixed_dictionaries(
        {"Type": st.sampled_from(["AWS::KMS::Key", "AWS::KMS::Alias", "AWS::CloudFormation::Stack", "Custom::Key",
                                  "AWS::S3::Bucket", None])},
        optional={"Properties": json_like}))),
})
CHECKS = {"AWS::BedrockAgentCore::Memory": (AgentCoreMemoryCmkCloudFormation(), "EncryptionKeyArn"),
          "AWS::BedrockAgentCore::Gateway": (AgentCoreGatewayCmkCloudFormation(), "KmsKeyArn")}
UNDECIDED = {"ZzUndecided": {"Fn::Equals": [{"Ref": "AWS::Region"}, "us-east-1"]}}


class _Warnings(logging.Handler):
    records: list = []

    def emit(self, record):
        self.records.append(record)


WARNINGS = _Warnings(level=logging.WARNING)
logging.getLogger("agentcore_cmk_checkov").addHandler(WARNINGS)


@SETTINGS
@given(template=templates, value=intrinsics)
def test_any_value_against_any_template_gets_values_and_a_verdict(template, value):
    values = CloudFormationEvaluator(template, "/t/template.yaml").values(value)
    assert 0 < len(values) <= MAX_VALUES and all(isinstance(v.kind, Kind) for v in values)
    verdict = judge_values(values, "EncryptionKeyArn")
    assert verdict.status.value in ("PASS", "FAIL") and verdict.reason.strip()
    if any(v.kind in (Kind.UNKNOWN, Kind.NOT_EVALUATED) for v in values):
        assert not verdict.passed  # a value nobody could verify is never reported as compliant


@SETTINGS
@given(template=templates, resources=st.lists(st.tuples(st.sampled_from(sorted(CHECKS)), st.one_of(
    json_like, st.dictionaries(st.sampled_from(["EncryptionKeyArn", "KmsKeyArn", "Name"]), intrinsics, max_size=2))),
    min_size=1, max_size=4))
def test_every_resource_of_any_template_file_gets_one_verdict(tmp_path_factory, template, resources):
    """Real files, read back with Checkov's parser: no exception, no last-resort warning, no lost result."""
    for index, (resource_type, properties) in enumerate(resources):
        template["Resources"][f"Subject{index}"] = {"Type": resource_type, "Properties": properties}
    path = tmp_path_factory.mktemp("cfn") / "template.json"
    path.write_text(json.dumps(_without_nulls(template), ensure_ascii=False))  # Checkov rejects nulls
    parsed = parse(str(path))[0] is not None  # Checkov would report a file it cannot parse as a parsing error
    for index, (resource_type, properties) in enumerate(resources):
        check, _ = CHECKS[resource_type]
        rendered = {"Type": resource_type, "Properties": properties}
        if isinstance(properties, dict):
            rendered["Properties"] = {**properties, "__file__": str(path)}
        WARNINGS.records.clear()
        outcome = check.run(scanned_file=str(path), entity_configuration=rendered, entity_name=f"Subject{index}",
                            entity_type=resource_type, skip_info={})
        assert outcome["result"] in (CheckResult.PASSED, CheckResult.FAILED)
        assert check.details[0].strip() and len(check.details) == (1 if outcome["result"] is CheckResult.PASSED else 2)
        assert not WARNINGS.records, WARNINGS.records[0].getMessage()
        if isinstance(properties, dict) and parsed:  # judged from the file, not from Checkov's rendering
            assert "judged from Checkov's rendered template" not in check.details[0], check.details[0]


def _without_nulls(node):
    if isinstance(node, dict):
        return {key: _without_nulls(value) for key, value in node.items() if value is not None}
    if isinstance(node, list):
        return [_without_nulls(item) for item in node if item is not None]
    return node


@SETTINGS
@given(template=templates, when_true=intrinsics, when_false=intrinsics)
def test_an_undecided_condition_passes_only_when_every_branch_passes(template, when_true, when_false):
    template["Conditions"].update(UNDECIDED)
    evaluator = CloudFormationEvaluator(template)
    branches = [evaluator.values(value) for value in (when_true, when_false)]
    assume(sum(len(values) for values in branches) <= MAX_VALUES)
    both = judge_values(evaluator.values({"Fn::If": ["ZzUndecided", when_true, when_false]}), "KmsKeyArn")
    assert both.passed == all(judge_values(values, "KmsKeyArn").passed for values in branches), both.reason


@SETTINGS
@given(template=templates, taken=intrinsics, other=intrinsics, outcome=st.booleans())
def test_a_decided_condition_judges_only_its_branch(template, taken, other, outcome):
    template["Conditions"]["ZzDecided"] = {"Fn::Equals": ["a", "a" if outcome else "b"]}
    evaluator = CloudFormationEvaluator(template)
    branches = [taken, other] if outcome else [other, taken]
    decided = judge_values(evaluator.values({"Fn::If": ["ZzDecided", *branches]}), "KmsKeyArn")
    assert decided.passed == judge_values(evaluator.values(taken), "KmsKeyArn").passed, decided.reason


def test_the_generators_reach_both_verdicts_and_every_kind():
    """Guards the properties above against generating only one kind of value."""
    template = {"Parameters": {"KeyParam": {"Type": "String"}}, "Resources": {"NewKey": {"Type": "AWS::KMS::Key"}},
                "Conditions": {"Cycle": {"Fn::Not": [{"Condition": "Cycle"}]}}}
    evaluator = CloudFormationEvaluator(template)
    samples = [{"Fn::GetAtt": ["NewKey", "Arn"]}, {"Ref": "AWS::NoValue"}, {"Ref": "KeyParam"}, {"Fn::Base64": "x"}, KEY,
               {"Fn::If": ["Cycle", KEY, KEY]}]
    kinds = {value.kind for sample in samples for value in evaluator.values(sample)}
    assert kinds == set(Kind) - {Kind.AWS_MANAGED}  # a fact only a Terraform plan records (a data source read)
    assert {judge_values(evaluator.values(sample), "KmsKeyArn").passed for sample in samples} == {True, False}


@SETTINGS
@given(template=templates, before=st.lists(intrinsics, max_size=4), value=intrinsics)
def test_a_value_is_judged_the_same_whatever_the_template_model_worked_out_before(template, before, value):
    """The model remembers values per node and scope across resources: what it remembered never changes a verdict."""
    warm = CloudFormationEvaluator(template)
    for other in before:
        warm.values(other)
    fresh = judge_values(CloudFormationEvaluator(template).values(value), "KmsKeyArn")
    assert judge_values(warm.values(value), "KmsKeyArn") == fresh
