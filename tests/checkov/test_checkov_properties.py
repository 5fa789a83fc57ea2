"""Whatever a Terraform configuration puts in the key attribute, the check answers PASSED or FAILED with a reason.

The CloudFormation properties are in test_cloudformation_properties.py, the Terraform evaluator's own in
test_terraform_properties.py."""

import logging

from checkov.common.models.enums import CheckResult
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from agentcore_cmk_checkov.engine.terraform_check import LOGGER as TF_LOGGER
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
hcl_parts = ["var.key", "var.create", "aws_kms_key.k.arn", "data.aws_kms_alias.a.arn", "local.k", "module.m.out",
             "each.value", "null", "None", '""', f'"{KEY}"', "!=", "==", "?", ":", "(", ")", "&&", "||", "${", "}",
             "try(", ",", "[0]", '"a ? b : c"', "length(var.key) > 0"]
hcl_expressions = st.lists(st.sampled_from(hcl_parts), min_size=1, max_size=9).map(" ".join)
terraform_values = st.one_of(json_like, hcl_expressions, hcl_expressions.map(lambda e: "${" + e + "}"))


class _Warnings(logging.Handler):
    records: list = []

    def emit(self, record):
        self.records.append(record)


WARNINGS = _Warnings(level=logging.WARNING)
TF_LOGGER.addHandler(WARNINGS)


def assert_answered(check, conf, entity_type):
    """A verdict and its reason, reached without the check's last-resort fallback."""
    WARNINGS.records.clear()
    outcome = check.run(scanned_file="/generated", entity_configuration=conf, entity_name="Memory",
                        entity_type=entity_type, skip_info={})
    assert outcome["result"] in (CheckResult.PASSED, CheckResult.FAILED)
    assert check.details[0].strip() and len(check.details) == (1 if outcome["result"] is CheckResult.PASSED else 2)
    assert not WARNINGS.records, WARNINGS.records[0].exc_info


@SETTINGS
@given(value=terraform_values, address=st.sampled_from(["aws_bedrockagentcore_memory.m", "module.a[0].aws_bedrockagentcore_memory.m", ""]))
def test_terraform_check_answers_any_value(value, address):
    assert_answered(TF_CHECK, {"encryption_key_arn": [value], "__address__": address}, "aws_bedrockagentcore_memory")


@SETTINGS
@given(value=json_like)
def test_terraform_plan_check_answers_any_value(value):
    assert_answered(TF_CHECK, {"encryption_key_arn": [value], "__file__": ["/tfplan.json"],
                               "__address__": "aws_bedrockagentcore_memory.m"}, "aws_bedrockagentcore_memory")
