"""Whatever expression a Terraform configuration writes, the evaluator answers: no shape raises, none loses a
result, and a value only the files could decide is never a PASS when they leave it undecided."""

import json
import logging

from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from agentcore_cmk import iac
from agentcore_cmk.resources import IAC_RESOURCES, TERRAFORM
from agentcore_cmk_checkov.engine.terraform_check import LOGGER as CHECK_LOGGER
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, PlanConfiguration
from agentcore_cmk_checkov.engine.terraform.plan import Plan
from agentcore_cmk_checkov.engine.terraform.readers import PlanReader
from agentcore_cmk_checkov.engine.terraform.resource import LOGGER as RESOURCE_LOGGER
from agentcore_cmk_checkov.engine.terraform.syntax import parse_body
from terraform_inprocess import folder_of, key_values, row, values_of

SETTINGS = settings(max_examples=200, deadline=None, suppress_health_check=[HealthCheck.too_slow])
KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"

ATOMS = ["var.key", "var.flag", "var.settings.kms_key_arn", 'var.keys["memory"]', "var.keys[var.key]", "var.required",
         "local.k", "local.flag", "module.child.out", "module.child.missing", "module.elsewhere.out",
         "data.aws_kms_key.d.arn", "data.aws_kms_alias.managed.target_key_arn", "data.terraform_remote_state.s.outputs.k",
         "aws_kms_key.k.arn", "aws_kms_key.k[0].key_id", "aws_kms_alias.a.arn", "aws_s3_bucket.b.arn", "count.index",
         "each.key", "each.value", "path.module", "null", "true", "false", '""', '"alias/aws/bedrock"', f'"{KEY}"', "0",
         "1", '"arn:aws:kms:${var.region}:123456789012:key/${var.key}"', '"${var.key}"', "[]", f'["{KEY}", ""]',
         "{}", f'{{ a = "{KEY}" }}']
FUNCTIONS = ["coalesce", "try", "can", "one", "lookup", "element", "index", "tostring", "format", "join", "length",
             "tolist", "concat", "compact", "upper", "md5", "jsondecode"]
OPERATORS = ["==", "!=", "&&", "||", "<", ">=", "+", "-", "*", "/", "%"]


def _expressions():
    atoms = st.sampled_from(ATOMS)
    return st.recursive(atoms, lambda inner: st.one_of(
        st.builds(lambda c, a, b: f"{c} ? {a} : {b}", inner, inner, inner),
        st.builds(lambda a, op, b: f"{a} {op} {b}", inner, st.sampled_from(OPERATORS), inner),
        st.builds(lambda a: f"!{a}", atoms),
        st.builds(lambda a: f"({a})", inner),
        st.builds(lambda f, args: f"{f}({', '.join(args)})", st.sampled_from(FUNCTIONS), st.lists(inner, max_size=3)),
        st.builds(lambda a: f"[{a}]", inner),
        st.builds(lambda a, b: f"{{ x = {a}, y = {b} }}", inner, inner),
        st.builds(lambda a: f"[for v in {a} : v]", inner),
        st.builds(lambda a, b: f"({a})[{b}]", inner, inner),
        st.builds(lambda a: f"({a})[*].arn", inner),
        st.builds(lambda a: f'"prefix-${{{a}}}"', inner),
    ), max_leaves=8)


expressions = _expressions()
literals = st.recursive(
    st.one_of(st.none(), st.booleans(), st.integers(-3, 3), st.sampled_from(["", KEY, "alias/aws/bedrock", "x", "alias/mine"])),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["kms_key_arn", "memory", "a"]), inner, max_size=3)),
    max_leaves=6,
)


def hcl(value) -> str:
    return json.dumps(value) if value is not None else "null"  # JSON literals are HCL literals


class _Warnings(logging.Handler):
    records: list = []

    def emit(self, record):
        self.records.append(record)


WARNINGS = _Warnings(level=logging.WARNING)
CHECK_LOGGER.addHandler(WARNINGS)
RESOURCE_LOGGER.addHandler(WARNINGS)  # "not in Checkov's graph": the property would not test the evaluator


def configuration(expression, local, output, defaults) -> dict:
    variables = "".join(f'variable "{name}" {{\n  default = {hcl(value)}\n}}\n' for name, value in defaults.items())
    return {
        "main.tf": (
            variables + 'variable "required" {}\n'
            f"locals {{\n  k    = {local}\n  flag = {local} != null\n}}\n"
            'module "child" {\n  source = "./child"\n  count  = 2\n  key    = var.key\n}\n'
            'module "elsewhere" {\n  source = "git::https://example.com/kms.git"\n}\n'
            'data "aws_kms_key" "d" {\n  key_id = var.key\n}\n'
            'data "aws_kms_alias" "managed" {\n  name = "alias/aws/bedrock"\n}\n'
            'resource "aws_kms_alias" "a" {\n  name = "alias/mine"\n}\n'
            'resource "aws_bedrockagentcore_memory" "m" {\n'
            '  for_each           = var.keys == null ? {} : { memory = 1 }\n'
            f"  encryption_key_arn = {expression}\n}}\n"
        ),
        "child/main.tf": f'variable "key" {{\n  default = null\n}}\noutput "out" {{\n  value = {output}\n}}\n',
    }


@SETTINGS
@given(expression=expressions, local=expressions, output=expressions,
       defaults=st.fixed_dictionaries({"key": literals, "flag": literals, "settings": literals, "keys": literals,
                                       "region": literals}))
def test_any_expression_gets_a_verdict_and_a_reason(expression, local, output, defaults):
    files = configuration(expression, local, output, defaults)
    try:
        parse_body(files["main.tf"])
        parse_body(files["child/main.tf"])
    except Exception:
        assume(False)  # not valid HCL: Checkov reports the file as a parsing error, no check runs
    WARNINGS.records.clear()
    values = values_of(files, 'aws_bedrockagentcore_memory.m["memory"]')
    assert values and all(isinstance(value, iac.Value) for value in values)
    verdict = iac.judge_values(values, "encryption_key_arn")
    assert verdict.status.value in ("PASS", "FAIL") and verdict.reason.strip()
    if any(value.kind is iac.Kind.UNKNOWN for value in values):
        assert not verdict.passed  # a value nobody could verify is never a PASS
    assert not WARNINGS.records


def test_the_generator_reaches_both_verdicts():
    """Guards the property above against generating only one kind of verdict."""
    defaults = {"key": KEY, "flag": True, "settings": None, "keys": None, "region": "us-east-1"}
    outcomes = {
        iac.judge_values(values_of(configuration(expression, "null", "null", defaults),
                                   'aws_bedrockagentcore_memory.m["memory"]'), "f").status.value
        for expression in ("var.key", "var.flag ? null : var.key")
    }
    assert outcomes == {"PASS", "FAIL"}


plan_expressions = st.recursive(
    st.one_of(st.fixed_dictionaries({"constant_value": literals}),
              st.fixed_dictionaries({"references": st.lists(st.sampled_from(
                  ["var.key", "local.k", "module.child.out", "module.child", "aws_kms_key.k.arn", "aws_kms_key.k",
                   "aws_s3_bucket.b.arn", "data.aws_kms_key.d.arn", "each.value", "count.index", "x"]), max_size=4)}),
              literals),
    lambda inner: st.dictionaries(st.sampled_from(["references", "constant_value", "expression"]), inner, max_size=2),
    max_leaves=6,
)


@SETTINGS
@given(after=literals, unknown=st.one_of(st.booleans(), literals), expression=plan_expressions,
       argument=plan_expressions, output=plan_expressions, variables=literals)
def test_any_plan_gets_a_verdict_and_a_reason(after, unknown, expression, argument, output, variables):
    plan = {
        "variables": {"key": {"value": variables}} if isinstance(variables, str) else variables,
        "resource_changes": [{"address": "module.child.aws_bedrockagentcore_memory.m",
                              "change": {"after": {"encryption_key_arn": after},
                                         "after_unknown": {"encryption_key_arn": unknown}}}],
        "configuration": {"root_module": {"module_calls": {"child": {
            "expressions": {"key": argument},
            "module": {"resources": [{"address": "aws_bedrockagentcore_memory.m",
                                      "expressions": {"encryption_key_arn": expression}}],
                       "outputs": {"out": {"expression": output}}},
        }}}},
    }
    for resource in (r for r in IAC_RESOURCES if r.framework == TERRAFORM):
        reader = PlanReader(Plan(PlanConfiguration(plan, "/generated/tfplan.json")), "module.child.aws_bedrockagentcore_memory.m")
        values = iac.key_values(reader, resource)
        verdict = iac.judge_values(values, resource.field)
        assert verdict.status.value in ("PASS", "FAIL") and verdict.reason.strip()


json_strings = st.one_of(
    st.text(max_size=30),
    st.lists(st.sampled_from(["${", "}", "var.key", "aws_kms_key.k.arn", "%{", "$${", '"', "\\", "?", ":", "null",
                              "arn:aws:kms:us-east-1:123456789012:key/", "(", ")"]), max_size=8).map("".join),
)


@SETTINGS
@given(value=st.recursive(st.one_of(json_strings, literals), lambda inner: st.one_of(
    st.lists(inner, max_size=3), st.dictionaries(st.sampled_from(["kms_key_arn", "a"]), inner, max_size=2)), max_leaves=6))
def test_any_tf_json_value_gets_a_verdict_and_a_reason(value):
    """.tf.json strings are templates: whatever they hold, the value is judged, never raised on."""
    files = {"cdk.tf.json": json.dumps({"resource": {"aws_bedrockagentcore_memory": {"m": {"encryption_key_arn": value}}}})}
    root = folder_of(files)
    values = key_values(row("aws_bedrockagentcore_memory"), {}, Configuration(), f"{root / 'cdk.tf.json'}:aws_bedrockagentcore_memory:m")
    verdict = iac.judge_values(values, "encryption_key_arn")
    assert values and verdict.status.value in ("PASS", "FAIL") and verdict.reason.strip()
