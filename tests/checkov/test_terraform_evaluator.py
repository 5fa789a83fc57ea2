"""The Terraform evaluator in-process: the parse tree's re-association, the rule's classes on small configurations,
and the regression tests of issue 15 items 1-4 (the real Checkov runs over the fixtures are in
test_checkov_templates.py; these name each defect)."""

import logging
import re

import pytest

from agentcore_cmk import iac
from agentcore_cmk.iac import Kind
from agentcore_cmk_checkov.engine.terraform.evaluator import Evaluator, Scope
from agentcore_cmk_checkov.engine.terraform.files import LOGGER as FILES_LOGGER
from agentcore_cmk_checkov.engine.terraform.syntax import parse_expression, written_text
from checkov_expected_terraform import BOM, CDKTF, NO_BOM, PLAN_MODULES, memory
from terraform_inprocess import Graph, folder_of, key_values, row, values_of, verdict_of

from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, configuration_of

KEY = "arn:aws:kms:us-east-1:123456789012:key/1234abcd-12ab-34cd-56ef-1234567890ab"


class _Empty:
    directory, index, problems = "", {}, []

    def find(self, *key):
        return None


def evaluate(text):
    return [candidate.value for candidate in Evaluator(Scope(_Empty())).values(parse_expression(text))]


@pytest.mark.parametrize(
    "text, shape",
    [
        # the grammar binds ?: tighter than comparisons: the condition is the whole comparison
        ("a != null ? x : y", ("conditional", "binary", "!=")),
        ("a == b && c ? x : y", ("conditional", "binary", "&&")),
        ("a && b == c", ("binary", None, "&&")),
        ("a == b || c != d && e", ("binary", None, "||")),
        ("a ? b : c ? d : e", ("conditional", "name", None)),
    ],
)
def test_operators_are_reassociated_by_precedence(text, shape):
    node = parse_expression(text)
    assert node.kind == shape[0]
    if shape[0] == "conditional":
        assert node.children[0].kind == shape[1]
        if shape[2]:
            assert node.children[0].value == shape[2]
    else:
        assert node.value == shape[2]
    assert written_text(node) == text


@pytest.mark.parametrize(
    "text, values",
    [
        ("1 + 2 * 3 - 4", [3]),
        ("10 - 4 - 3", [3]),
        ('"a" == "a" && 1 < 2 ? "yes" : "no"', ["yes"]),
        ("null != null ? 1 : 2", [2]),
        ("!true || false", [False]),
        ('coalesce(null, "", "x")', ["x"]),
        ('coalesce(undeclared.flag ? null : "a", "b")', ["a", "b"]),  # when the first is null, the second decides
        ('one(["x"])', ["x"]),
        ("one([])", [None]),
        ('lookup({a = "x"}, "b", "d")', ["d"]),
        ('element(["a", "b"], 3)', ["b"]),
        ('index(["a", "b"], "b")', [1]),
        ('format("%s-%d%%", "a", 1)', ["a-1%"]),
        ('join("/", ["a", "b"])', ["a/b"]),
        ("tostring(12)", ["12"]),
        ('try({a = 1}.b, "fallback")', ["fallback"]),
        ("can({a = 1}.b)", [False]),
        ('[for x in ["a", ""] : x if x != ""]', [["a"]]),
        ('{for k, v in {a = 1} : k => v}', [{"a": 1}]),
        ('[{arn = "x"}][*].arn', [["x"]]),
        ('"a-${"b"}-$${c}"', ["a-b-${c}"]),
    ],
)
def test_expressions_evaluate_as_terraform_does(text, values):
    assert evaluate(text) == values


def test_an_unknown_function_is_named_never_raised():
    (value,) = evaluate("md5(nonsense.x)")
    assert value.kind is Kind.UNKNOWN and "md5()" in value.text


VARIABLES = f'''
variable "settings" {{
  type = object({{ kms_key_arn = string }})
  default = {{ kms_key_arn = "{KEY}" }}
}}
variable "keys" {{
  type    = map(string)
  default = {{ memory = "{KEY}" }}
}}
'''


@pytest.mark.parametrize("expression", ["var.settings.kms_key_arn", 'var.keys["memory"]', "var.keys.memory"])
def test_object_and_map_variable_attribute_is_not_the_whole_object(expression):
    """Issue 15.1: the attribute of an object variable (or a map's element) is judged, not the whole object."""
    files = {"main.tf": VARIABLES + f'resource "aws_bedrockagentcore_memory" "m" {{\n  encryption_key_arn = {expression}\n}}\n'}
    verdict = verdict_of(files, memory("m"))
    assert verdict.passed, verdict.reason
    assert f"is the KMS key {KEY} (the default of variable" in verdict.reason


FLAGGED = (
    'variable "create_cmk" {\n  type    = bool\n  default = false\n}\n\n'
    'resource "aws_kms_key" "k" {\n  count = var.create_cmk ? 1 : 0\n}\n\n'
    'resource "aws_bedrockagentcore_memory" "flagged" {\n'
    "  encryption_key_arn = var.create_cmk ? aws_kms_key.k[0].arn : null\n}\n"
)


def test_bom_gives_the_same_verdict_in_process():
    """Issue 15.3: a UTF-8 byte-order mark changes neither the verdict nor the reason's line."""
    plain = verdict_of({"main.tf": FLAGGED}, memory("flagged"))
    with_bom = verdict_of({"main.tf": b"\xef\xbb\xbf" + FLAGGED.encode()}, memory("flagged"))
    assert not plain.passed and not with_bom.passed
    without_folders = [re.sub(r"/\S*/agentcore-tf-[^/]+/", "", verdict.reason) for verdict in (plain, with_bom)]
    assert without_folders[0] == without_folders[1]
    assert "(main.tf:11, as var.create_cmk is false)" in without_folders[0]


def test_bom_gives_the_same_verdict_through_checkov(fixtures_run):
    """Issue 15.3 through real Checkov: the same file with and without a BOM."""
    results = fixtures_run.by_resource()
    with_bom, without = results[(BOM, memory("flagged"))], results[(NO_BOM, memory("flagged"))]
    assert with_bom["check_result"]["result"] == without["check_result"]["result"] == "FAILED"
    assert with_bom["details"][0].replace("with_bom", "x") == without["details"][0].replace("without_bom", "x")


@pytest.mark.parametrize("damage", ["deleted", "not UTF-8"])
def test_failed_reread_is_logged_and_named_in_the_reason(caplog, damage):
    """Issue 15.3: a file that cannot be read again is logged, and the reason says so; the verdict is not a PASS."""
    root = folder_of({"main.tf": FLAGGED.replace("null", f'"{KEY}"')})
    path = root / "main.tf"
    vertex = {"block_type_": "resource", "block_name_": "aws_bedrockagentcore_memory.flagged", "file_path_": str(path),
              "__address__": memory("flagged"), "__start_line__": 10, "__end_line__": 12}
    if damage == "deleted":
        path.unlink()
    else:
        path.write_bytes(b"# caf\xe9\n" + path.read_bytes())
    with caplog.at_level(logging.WARNING, logger=FILES_LOGGER.name):
        values = key_values(row("aws_bedrockagentcore_memory"), {"__address__": memory("flagged")},
                            configuration_of(Graph([vertex])), f"/main.tf:aws_bedrockagentcore_memory:{memory('flagged')}")
    verdict = iac.judge_values(values, "encryption_key_arn")
    assert not verdict.passed
    assert "main.tf could not be read again" in verdict.reason
    assert any("could not re-read" in record.getMessage() for record in caplog.records)


def test_tf_json_interpolation_is_evaluated_like_hcl(fixtures_run):
    """Issue 15.4: "${aws_kms_key.memory.arn}" in a .tf.json file is the key reference, as in HCL."""
    result = fixtures_run.by_resource()[(CDKTF, "resource.key_reference")]
    assert result["check_result"]["result"] == "PASSED"
    assert "references the customer-managed KMS key aws_kms_key.memory.arn" in result["details"][0]


def test_tf_json_interpolation_in_process():
    files = {"cdk.tf.json": '{"resource": {"aws_kms_key": {"k": {}}, "aws_bedrockagentcore_memory": {"m": '
                            '{"encryption_key_arn": "${aws_kms_key.k.arn}"}}}}'}
    root = folder_of(files)
    values = key_values(row("aws_bedrockagentcore_memory"), {}, Configuration(),
                        f"{root / 'cdk.tf.json'}:aws_bedrockagentcore_memory:m")
    assert [value.kind for value in values] == [Kind.KEY_RESOURCE]


@pytest.mark.parametrize("resource", [memory("via_local"), "module.keyed." + memory("this")])
def test_plan_key_created_in_the_same_plan_through_local_or_module(fixtures_run, resource):
    """Issue 15.2: the key is unknown until apply and reaches the memory through a local or a module argument."""
    result = fixtures_run.by_resource()[(PLAN_MODULES, resource)]
    assert result["check_result"]["result"] == "PASSED", result["details"]
    assert "aws_kms_key.agentcore.arn" in result["details"][0]


def test_module_instance_arguments_and_outputs():
    files = {
        "main.tf": 'module "m" {\n  source = "./child"\n  for_each = {a = "' + KEY + '", b = ""}\n  key = each.value\n}\n',
        "child/main.tf": 'variable "key" {}\nresource "aws_bedrockagentcore_memory" "x" {\n  encryption_key_arn = var.key\n}\n',
    }
    passed = verdict_of(files, 'module.m["a"].' + memory("x"), file="child/main.tf")
    failed = verdict_of(files, 'module.m["b"].' + memory("x"), file="child/main.tf")
    assert passed.passed and KEY in passed.reason
    assert not failed.passed and "absent" in failed.reason


def test_token_vault_key_type_decides_first():
    files = {"main.tf": 'resource "aws_bedrockagentcore_token_vault_cmk" "v" {\n  kms_configuration {\n'
                        '    key_type    = "ServiceManagedKey"\n    kms_key_arn = "' + KEY + '"\n  }\n}\n'}
    verdict = verdict_of(files, "aws_bedrockagentcore_token_vault_cmk.v", resource_type="aws_bedrockagentcore_token_vault_cmk")
    assert not verdict.passed
    assert 'kms_configuration.key_type is "ServiceManagedKey"' in verdict.reason


def test_values_carry_their_origin():
    files = {"main.tf": f'variable "k" {{\n  default = "{KEY}"\n}}\n\nresource "aws_bedrockagentcore_memory" "m" {{\n  encryption_key_arn = var.k\n}}\n'}
    (value,) = values_of(files, memory("m"))
    assert value.kind is Kind.LITERAL and value.origin.startswith("the default of variable k, ")
    assert value.origin.endswith("main.tf:2")


def test_an_attribute_of_a_nested_block_is_not_the_resource_attribute():
    files = {"main.tf": 'resource "aws_bedrockagentcore_memory" "m" {\n  name = "m"\n  dynamic "x" {\n    for_each = []\n'
                        f'    content {{\n      encryption_key_arn = "{KEY}"\n    }}\n  }}\n}}\n'}
    verdict = verdict_of(files, memory("m"))
    assert not verdict.passed and "encryption_key_arn is absent" in verdict.reason
