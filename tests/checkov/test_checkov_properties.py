"""Whatever a template puts in the key property, the check answers PASSED or FAILED with a reason."""

import logging

from checkov.common.models.enums import CheckResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentcore_cmk_checkov.agentcore_memory_cmk_cloudformation import AgentCoreMemoryCmkCloudFormation
from agentcore_cmk_checkov.agentcore_memory_cmk_cloudformation_source import LOGGER as CFN_LOGGER
from agentcore_cmk_checkov.agentcore_memory_cmk_cloudformation_source import CloudFormationTemplate
from agentcore_cmk_checkov.terraform_cmk_check import LOGGER as TF_LOGGER
from agentcore_cmk_checkov.agentcore_memory_cmk_terraform import check as TF_CHECK

SETTINGS = settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"
names = st.sampled_from(["KeyParam", "NewKey", "HasKey", "AWS::NoValue", "AWS::Region", "Missing", ""])
texts = st.one_of(st.text(max_size=20), st.sampled_from([KEY, "alias/aws/bedrock", "alias/mine", "", " ", "None", "null"]))
scalars = st.one_of(st.none(), st.booleans(), st.integers(), st.floats(allow_nan=True), texts)
json_like = st.recursive(
    scalars,
    lambda inner: st.one_of(st.lists(inner, max_size=4), st.dictionaries(st.one_of(names, st.text(max_size=8)), inner, max_size=4)),
    max_leaves=12,
)
FUNCTIONS = ["Ref", "Fn::GetAtt", "Fn::If", "Fn::Sub", "Fn::Join", "Fn::ImportValue", "Fn::FindInMap",
             "Fn::Not", "Fn::Equals", "Fn::And", "Fn::Or", "Condition", "Fn::Select"]
intrinsics = st.recursive(
    st.one_of(json_like, names.map(lambda name: {"Ref": name})),
    lambda inner: st.one_of(
        st.builds(lambda f, arg: {f: arg}, st.sampled_from(FUNCTIONS), st.one_of(inner, st.lists(inner, max_size=4), names)),
        st.builds(lambda c, a, b: {"Fn::If": [c, a, b]}, names, inner, inner),
    ),
    max_leaves=10,
)
templates = st.fixed_dictionaries({
    "Parameters": st.dictionaries(names, st.one_of(json_like, st.fixed_dictionaries(
        {"Type": st.sampled_from(["String", "AWS::SSM::Parameter::Value<String>", 3])},
        optional={"Default": json_like}))),
    "Conditions": st.dictionaries(names, intrinsics),
    "Resources": st.dictionaries(names, st.one_of(json_like, st.fixed_dictionaries(
        {"Type": st.sampled_from(["AWS::KMS::Key", "AWS::KMS::Alias", "AWS::S3::Bucket", None])},
        optional={"Properties": json_like}))),
})
hcl_parts = ["var.key", "var.create", "aws_kms_key.k.arn", "data.aws_kms_alias.a.arn", "local.k", "module.m.out",
             "each.value", "null", "None", '""', f'"{KEY}"', "!=", "==", "?", ":", "(", ")", "&&", "||", "${", "}",
             "try(", ",", "[0]", '"a ? b : c"', "length(var.key) > 0"]
hcl_expressions = st.lists(st.sampled_from(hcl_parts), min_size=1, max_size=9).map(" ".join)
terraform_values = st.one_of(json_like, hcl_expressions, hcl_expressions.map(lambda e: "${" + e + "}"))

CFN_CHECK = AgentCoreMemoryCmkCloudFormation()


class _Warnings(logging.Handler):
    records: list = []

    def emit(self, record):
        self.records.append(record)


WARNINGS = _Warnings(level=logging.WARNING)
CFN_LOGGER.addHandler(WARNINGS)
TF_LOGGER.addHandler(WARNINGS)


def assert_answered(check, conf, entity_type):
    """A verdict and its reason, reached without the check's last-resort fallback."""
    WARNINGS.records.clear()
    outcome = check.run(scanned_file="/generated", entity_configuration=conf, entity_name="Memory",
                        entity_type=entity_type, skip_info={})
    assert outcome["result"] in (CheckResult.PASSED, CheckResult.FAILED)
    assert len(check.details) == 1 and check.details[0].strip()
    assert not WARNINGS.records, WARNINGS.records[0].exc_info


@SETTINGS
@given(value=intrinsics)
def test_cloudformation_check_answers_any_value(value):
    assert_answered(CFN_CHECK, {"Type": "AWS::BedrockAgentCore::Memory", "Properties": {"EncryptionKeyArn": value}},
                    "AWS::BedrockAgentCore::Memory")


@SETTINGS
@given(properties=json_like)
def test_cloudformation_check_answers_any_properties(properties):
    assert_answered(CFN_CHECK, {"Type": "AWS::BedrockAgentCore::Memory", "Properties": properties},
                    "AWS::BedrockAgentCore::Memory")


@SETTINGS
@given(template=templates, value=intrinsics)
def test_cloudformation_values_are_judged_against_any_template(template, value):
    verdict = CloudFormationTemplate(template).judge(value)
    assert verdict.status.value in ("PASS", "FAIL") and verdict.reason.strip()


@SETTINGS
@given(value=terraform_values, address=st.sampled_from(["aws_bedrockagentcore_memory.m", "module.a[0].aws_bedrockagentcore_memory.m", ""]))
def test_terraform_check_answers_any_value(value, address):
    assert_answered(TF_CHECK, {"encryption_key_arn": [value], "__address__": address}, "aws_bedrockagentcore_memory")


@SETTINGS
@given(value=json_like)
def test_terraform_plan_check_answers_any_value(value):
    assert_answered(TF_CHECK, {"encryption_key_arn": [value], "__file__": ["/tfplan.json"],
                               "__address__": "aws_bedrockagentcore_memory.m"}, "aws_bedrockagentcore_memory")


def test_the_generators_reach_both_verdicts():
    """Guards the property tests above against generating only one kind of value."""
    judged = {
        CloudFormationTemplate({"Resources": {"NewKey": {"Type": "AWS::KMS::Key"}}}).judge(value).status.value
        for value in ({"Fn::GetAtt": ["NewKey", "Arn"]}, {"Ref": "AWS::NoValue"})
    }
    assert judged == {"PASS", "FAIL"}
