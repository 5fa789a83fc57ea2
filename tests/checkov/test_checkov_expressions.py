"""How Terraform conditionals are read from the source expression (in-process, no Checkov run)."""

import pytest

from agentcore_cmk_checkov.agentcore_memory_cmk_terraform_source import MISSING, TerraformModule, split_conditional


@pytest.mark.parametrize(
    "expression, parts",
    [
        ("a ? b : c", ("a", "b", "c")),
        ("var.k != null ? var.k : aws_kms_key.k.arn", ("var.k != null", "var.k", "aws_kms_key.k.arn")),
        ('x == "a:b?" ? "c:d" : null', ('x == "a:b?"', '"c:d"', "null")),
        ("a ? (b ? c : d) : e", ("a", "(b ? c : d)", "e")),
        ("a ? b ? c : d : e", ("a", "b ? c : d", "e")),
        ("a ? b : c ? d : e", ("a", "b", "c ? d : e")),
        ('lookup(m, "k:v", null)', None),
        ("{ a = 1 }", None),
        ("aws_kms_key.k.arn", None),
    ],
)
def test_split_conditional(expression, parts):
    assert split_conditional(expression) == parts


KEY = "aws_kms_key.new.arn"
INDEX = {("variable", "key"): {"default": None}, ("variable", "required"): {}}


@pytest.mark.parametrize(
    "written, status, reason_part",
    [
        (f"${{var.key != null ? var.key : {KEY}}}", "PASS", "var.key, used only when it is set"),
        (f"${{null != var.key ? var.key : {KEY}}}", "PASS", "var.key, used only when it is set"),
        (f'${{var.key != "" ? var.key : {KEY}}}', "PASS", "var.key, used only when it is set"),
        (f"${{var.key == null ? {KEY} : var.key}}", "PASS", "var.key, used only when it is set"),
        (f"${{length(var.key) > 0 ? var.key : {KEY}}}", "PASS", "var.key, used only when it is set"),
        (f"${{var.key != null && var.key != \"\" ? var.key : {KEY}}}", "PASS", "var.key, used only when it is set"),
        (f"${{var.flag ? {KEY} : var.required}}", "PASS", "the required variable required"),
        # the guard must protect the branch it guards, not the other one
        (f"${{var.key != null ? {KEY} : var.key}}", "FAIL", "variable key is null"),
        (f"${{var.key == null ? var.key : {KEY}}}", "FAIL", "variable key is null"),
        (f"${{var.key != null || var.other ? var.key : {KEY}}}", "FAIL", "variable key is null"),
        (f"${{var.flag ? {KEY} : null}}", "FAIL", "is absent: AgentCore falls back to an AWS owned key (when var.flag is false)"),
        (f'${{var.flag ? "" : {KEY}}}', "FAIL", "(when var.flag is true)"),
        (f"${{var.a ? (var.b ? {KEY} : null) : {KEY}}}", "FAIL", "(when var.b is false) (when var.a is true)"),
    ],
)
def test_conditional_branches(written, status, reason_part):
    written = written.replace(" null", " None")  # hcl2 writes null inside expressions as None
    verdict = TerraformModule("", INDEX).judge_written(written, MISSING)
    assert verdict.status.value == status, verdict.reason
    assert reason_part in verdict.reason
