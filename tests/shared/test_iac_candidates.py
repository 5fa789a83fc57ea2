"""The candidate type every IaC evaluator carries, and its translation into the values a verdict is made of."""

from agentcore_cmk import iac
from agentcore_cmk.iac import Kind
from agentcore_cmk.iac_candidates import (
    Candidate, Failure, Symbol, is_open, is_unsettled, key_resource, outside_input, shown, stopped, to_value, undecided,
)


def test_each_candidate_becomes_the_value_of_its_kind_with_its_origin():
    assert to_value(Candidate(None, "a.tf:1")) == iac.absent("null", "a.tf:1")
    assert to_value(Candidate("alias/aws/bedrock", "a.tf:2")) == iac.literal("alias/aws/bedrock", "a.tf:2")
    assert to_value(Candidate(["x"], "")).text == '["x"]'
    assert to_value(key_resource("aws_kms_key.k.arn", "k.tf:3")).kind is Kind.KEY_RESOURCE
    assert to_value(outside_input("the required variable key", "v.tf:1")).kind is Kind.OUTSIDE
    assert to_value(undecided("the function f()")).kind is Kind.UNKNOWN
    assert to_value(Candidate(Failure("a missing attribute"))).kind is Kind.UNKNOWN


def test_a_stopped_candidate_is_a_not_evaluated_fail_that_says_why():
    value = to_value(stopped("more than 64 values", "main.tf:4"))
    verdict = iac.judge_values([value], "kms_key_arn")
    assert not verdict.passed
    assert verdict.reason.startswith("kms_key_arn was not evaluated: more than 64 values (main.tf:4)")


def test_open_and_unsettled_values():
    assert is_open(f"arn:aws:kms:us-east-1:{iac.hole('account')}:key/x")
    assert is_open(Symbol(Kind.OUTSIDE, "x")) and not is_unsettled(Symbol(Kind.OUTSIDE, "x"))
    assert is_unsettled(Symbol(Kind.NOT_EVALUATED, "x")) and is_unsettled(Failure("x"))
    assert not is_open("plain") and not is_unsettled(None)
    assert shown(None) == "null" and shown(True) == "true" and shown({"a": 1}) == '{"a": 1}'
