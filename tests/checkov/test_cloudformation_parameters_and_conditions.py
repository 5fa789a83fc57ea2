"""Parameters and conditions: what AllowedValues (also of list parameters) and AllowedPattern let a deployer pass,
what a condition's reason names, and conditions deep or built from conditions; each through real Checkov over
tests/checkov/fixtures/cloudformation, and the caps as properties in-process."""

import itertools

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from agentcore_cmk.iac import Kind, judge_values
from agentcore_cmk_checkov.engine.cloudformation.evaluator import CloudFormationEvaluator
from agentcore_cmk_checkov.engine.cloudformation.patterns import AllowedPattern
from checkov_expected_cloudformation import ALLOWED, DEEP, DEEP_CHAIN, LISTS, MEMORY, PATTERN, REASONS, VAULT
from checkov_expected import CFN_VAULTS

KEY = "arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555"


def result(run, path, resource):
    found = run.by_resource()[(path, resource)]
    reason = found["details"][0]  # the reason; the lines after it are the remediation (checkov_output)
    return found["check_result"]["result"], reason


# --- AllowedValues ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("resource, named", [
    ("AllowedManagedAliasOnly", "alias/aws/bedrock"),
    ("AllowedEmptyOrKey", "is absent"),
])
def test_a_parameter_allowing_a_value_that_is_not_a_customer_key_fails_naming_it(fixtures_run, resource, named):
    outcome, reason = result(fixtures_run, ALLOWED, MEMORY + resource)
    assert outcome == "FAILED" and named in reason and "one of the AllowedValues of parameter" in reason, reason
    assert "outside the scanned files" not in reason


def test_a_parameter_allowing_only_customer_keys_passes(fixtures_run):
    outcome, reason = result(fixtures_run, ALLOWED, MEMORY + "AllowedKeysOnly")
    assert outcome == "PASSED" and "in each of the 2 values" in reason, reason


def test_a_default_decides_although_its_allowed_values_admit_a_value_that_is_not_a_customer_key(fixtures_run):
    """Issue 27 item 15 changed this expectation: a value the files give (a Default) decides, as a Terraform
    variable's default does; AllowedValues only narrow a value left to the deployer."""
    outcome, reason = result(fixtures_run, ALLOWED, MEMORY + "AllowedKeyByDefaultOrManaged")
    assert outcome == "PASSED" and "(the default of parameter KeyByDefaultOrManaged" in reason, reason


def test_a_toggle_whose_default_creates_the_key_passes_with_the_defaults(fixtures_run):
    """Issue 27 item 15 changed this expectation (it was FAILED "when condition UseKey is false"): the default of
    the toggle decides its condition."""
    outcome, reason = result(fixtures_run, ALLOWED, MEMORY + "AllowedToggleMayDropKey")
    assert outcome == "PASSED" and "condition UseKey is true with the parameter defaults" in reason, reason
    assert result(fixtures_run, ALLOWED, MEMORY + "AllowedToggleWithOneValue")[0] == "PASSED"


def test_a_default_that_is_not_an_allowed_value_is_not_a_value(fixtures_run):
    outcome, reason = result(fixtures_run, ALLOWED, MEMORY + "AllowedRejectsTheDefault")
    assert outcome == "PASSED" and "alias/aws/bedrock" not in reason, reason


def test_a_token_vault_key_type_the_caller_may_set_to_service_managed_fails(fixtures_run):
    outcome, reason = result(fixtures_run, CFN_VAULTS, VAULT + "VaultCallerChoosesEverything")
    assert outcome == "FAILED" and '"ServiceManagedKey", one of the AllowedValues' in reason, reason
    assert result(fixtures_run, ALLOWED, VAULT + "AllowedVaultKeyTypeCustomerOnly")[0] == "PASSED"


# --- list parameters: each element of the list is any allowed value -------------------------------------


@pytest.mark.parametrize("resource", ["ListSelectMayBeManaged", "ListSelectAnyIndexMayBeManaged",
                                      "ListSplitOfJoinMayBeManaged"])
def test_an_element_of_a_list_parameter_may_be_any_allowed_value(fixtures_run, resource):
    outcome, reason = result(fixtures_run, LISTS, MEMORY + resource)
    assert outcome == "FAILED" and "alias/aws/bedrock" in reason, reason
    assert "one of the AllowedValues of parameter KeysOrManaged" in reason and "Fn::Select index" not in reason


@pytest.mark.parametrize("resource", ["ListSelectKeysOnly", "ListSplitOfJoinKeysOnly"])
def test_a_list_parameter_allowing_only_customer_keys_passes_at_any_index(fixtures_run, resource):
    outcome, reason = result(fixtures_run, LISTS, MEMORY + resource)
    assert outcome == "PASSED" and "in each of the 2 values" in reason, reason


def test_a_blank_list_is_possible_when_its_constraints_allow_the_empty_element(fixtures_run):
    outcome, reason = result(fixtures_run, LISTS, MEMORY + "ListJoinMayBeEmpty")
    assert outcome == "FAILED" and "is absent (one of the AllowedValues of parameter EmptyOrKey" in reason, reason


def test_a_list_default_is_split_on_commas_and_trimmed(fixtures_run):
    outcome, reason = result(fixtures_run, LISTS, MEMORY + "ListDefaultSplitOnCommas")
    assert outcome == "FAILED" and "names the AWS managed key alias/aws/bedrock" in reason, reason


KEYS = [KEY, "arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000", "alias/team-key"]
NOT_KEYS = ["alias/aws/bedrock", "", "not-a-key"]


@settings(max_examples=60, deadline=None)
@given(allowed=st.lists(st.sampled_from(KEYS + NOT_KEYS), min_size=1, max_size=5, unique=True),
       kind=st.sampled_from(["CommaDelimitedList", "List<String>"]), index=st.integers(0, 4),
       shape=st.sampled_from(["select", "split_of_join"]))
def test_a_list_element_passes_only_when_every_allowed_value_is_a_customer_key(allowed, kind, index, shape):
    template = {"Parameters": {"Keys": {"Type": kind, "AllowedValues": allowed}}}
    keys = {"Ref": "Keys"}
    if shape == "split_of_join":
        keys = {"Fn::Split": [",", {"Fn::Join": [",", keys]}]}
    verdict = judge_values(CloudFormationEvaluator(template).values({"Fn::Select": [index, keys]}), "EncryptionKeyArn")
    assert verdict.passed is all(value in KEYS for value in allowed), verdict.reason


def test_a_list_parameter_joined_into_one_string_is_never_a_wrong_pass():
    """A deployer may pass any number of elements: lists past two are one value that was not evaluated."""
    template = {"Parameters": {"Keys": {"Type": "CommaDelimitedList", "AllowedValues": [KEY]}}}
    values = CloudFormationEvaluator(template).values({"Fn::Join": ["", {"Ref": "Keys"}]})
    verdict = judge_values(values, "EncryptionKeyArn")
    assert not verdict.passed and "lists of more than 2 elements are not enumerated" in verdict.reason


# --- AllowedPattern: rules values out, never proves a key customer-managed ---------------------------------------


def test_allowed_pattern_an_outside_input_the_pattern_narrows_to_key_arns_stays_an_outside_input(fixtures_run):
    outcome, reason = result(fixtures_run, PATTERN, MEMORY + "PatternKeyArnShape")
    assert outcome == "PASSED" and "does not rule out a customer-managed key" in reason, reason


@pytest.mark.parametrize("resource, named", [
    ("PatternManagedAliasesOnly", "it only admits values that start with 'alias/aws/'"),
    ("PatternListManaged", "it only admits values that start with 'alias/aws/'"),
    ("PatternOneAlternativeOnlyManaged", "one of its alternatives only admits values that start with 'alias/aws/'"),
    ("PatternSpelledOut", "alias/aws/bedrock, which the customer cannot control (one of the 2 values the AllowedPattern"),
])
def test_allowed_pattern_that_admits_an_aws_managed_key_fails_naming_what_decided(fixtures_run, resource, named):
    outcome, reason = result(fixtures_run, PATTERN, MEMORY + resource)
    assert outcome == "FAILED" and named in reason, reason


@pytest.mark.parametrize("resource, passes", [
    ("PatternRejectsDefault", "whose default 'alias/aws/bedrock' the pattern rejects"),
    ("PatternRejectsAllowedEmpty", "(one of the AllowedValues of parameter EmptyAllowedRejected"),
])
def test_allowed_pattern_a_default_or_allowed_value_it_does_not_match_is_not_a_value(fixtures_run, resource, passes):
    outcome, reason = result(fixtures_run, PATTERN, MEMORY + resource)
    assert outcome == "PASSED" and passes in reason, reason
    assert "is absent" not in reason and "AWS managed" not in reason


@pytest.mark.parametrize("resource", ["PatternJavaOnly", "PatternNestedRepetition"])
def test_allowed_pattern_python_cannot_read_is_not_evaluated_never_a_pass(fixtures_run, resource):
    outcome, reason = result(fixtures_run, PATTERN, MEMORY + resource)
    assert outcome == "FAILED" and "was not evaluated: the AllowedPattern" in reason and "is not read" in reason


def test_allowed_pattern_a_pattern_that_admits_one_value_decides_a_condition(fixtures_run):
    outcome, reason = result(fixtures_run, PATTERN, MEMORY + "PatternDecidesCondition")
    assert outcome == "PASSED" and "with every value the parameters' AllowedPattern admits" in reason, reason


@pytest.mark.parametrize("pattern", [r"[a-z&&[^x]]+", r"[[a-z]]+", r"^\p{Alpha}+$", r"\Qalias/aws\E.*", r"(a|ab)*c",
                                     r"(\d+)*$"])
def test_allowed_pattern_java_syntax_python_reads_otherwise_or_slowly_is_not_read(pattern):
    assert not AllowedPattern(pattern).readable


regexes = st.recursive(
    st.sampled_from(["a", "b", "/", "[ab]", "[a-b]", "\\d", ".", ""]),
    lambda inner: st.one_of(
        st.tuples(inner, inner).map("".join),
        st.tuples(inner, inner).map(lambda pair: f"({pair[0]}|{pair[1]})"),
        st.tuples(inner, st.sampled_from(["?", "{2}", "{1,2}", "*", "+"])).map(lambda pair: f"(?:{pair[0]}){pair[1]}"),
    ),
    max_leaves=6,
)


SHORT_STRINGS = ["".join(chars) for length in range(5) for chars in itertools.product("ab/1", repeat=length)]


@settings(max_examples=150, deadline=None)
@given(regex=regexes)
def test_allowed_pattern_what_it_says_a_pattern_admits_is_what_python_matches(regex):
    """Spelled-out values are exactly the language of a finite pattern; every value named is one it matches."""
    pattern = AllowedPattern(regex)
    if not pattern.readable:
        return
    admitted = pattern.admitted
    named = list(admitted.values) + [value for value, _ in admitted.failing]
    named += [admitted.customer_example] if admitted.customer_example is not None else []
    assert all(pattern.compiled.fullmatch(value) for value in named), (regex, named)
    if admitted.finite:
        missed = [text for text in SHORT_STRINGS if pattern.compiled.fullmatch(text) and text not in admitted.values]
        assert not missed, (regex, missed)


PATTERNS = [r"^arn:aws:kms:[a-z0-9-]+:\d{12}:key/[0-9a-f-]{36}$", r"^alias/aws/.*$", r"^(alias/aws/bedrock|alias/team-key)$",
            r"^arn:.+$", r"^alias/.+$", r".*", r"^$", r"^[0-9]+$", r"^(|arn:aws:kms:.+)$", r"(?i)^ALIAS/TEAM-KEY$"]


@settings(max_examples=80, deadline=None)
@given(pattern=st.sampled_from(PATTERNS), allowed=st.lists(st.sampled_from(KEYS + NOT_KEYS), max_size=4, unique=True),
       default=st.sampled_from([None] + KEYS + NOT_KEYS))
def test_allowed_pattern_never_passes_a_value_a_deployer_can_pass_that_is_not_a_key(pattern, allowed, default):
    """Every value the AllowedValues (and the default, when there are none or it is one) and the pattern admit is
    judged."""
    parameter = {"Type": "String", "AllowedPattern": pattern}
    if allowed:
        parameter["AllowedValues"] = allowed
    if default is not None:
        parameter["Default"] = default
    verdict = judge_values(CloudFormationEvaluator({"Parameters": {"P": parameter}}).values({"Ref": "P"}),
                           "EncryptionKeyArn")
    compiled = AllowedPattern(pattern).compiled
    deployable_default = [default] if default is not None and (not allowed or default in allowed) else []
    # A default the constraints admit decides (issue 27 item 15 changed this: the allowed values were judged too);
    # the constraints narrow a value left to the deployer.
    decided = [value for value in deployable_default if compiled.fullmatch(value)]
    admitted = decided or [value for value in allowed if compiled.fullmatch(value)]
    if any(value not in KEYS for value in admitted):
        assert not verdict.passed, verdict.reason
    elif decided:
        assert verdict.passed, verdict.reason
    elif allowed:  # the pattern only removed values: what is left is what a deployer can pass
        assert verdict.passed is bool(admitted), verdict.reason
    if not allowed and (default is None or not compiled.fullmatch(default)) and pattern in (r"^alias/aws/.*$", r"^$"):
        assert not verdict.passed, verdict.reason


# --- a decided condition's reason names what decided it ---------------------------------------------------


def test_a_condition_decided_by_the_branch_does_not_claim_parameter_defaults(fixtures_run):
    outcome, reason = result(fixtures_run, REASONS, MEMORY + "DecidedByTheBranch")
    assert outcome == "PASSED" and "condition HasCallerKey is false with the conditions of this branch" in reason
    assert "with the parameter defaults" not in reason, reason


def test_defaults_are_named_only_when_a_default_decided(fixtures_run):
    assert "IsProd is true with the parameter defaults" in result(fixtures_run, REASONS, MEMORY + "DecidedByTheDefaults")[1]
    by_nothing = result(fixtures_run, REASONS, MEMORY + "DecidedByNoParameter")[1]
    assert "condition Always is always true" in by_nothing and "defaults" not in by_nothing


# --- deep conditions -----------------------------------------------------------------------------


@pytest.mark.parametrize("hops", [39, 40, 62])
def test_a_long_chain_of_conditions_keeps_what_it_pins(fixtures_run, hops):
    """40 hops used to exceed the pinning depth and evaluate the branch with CallerKey free: a PASS."""
    outcome, reason = result(fixtures_run, DEEP, MEMORY + f"ChainOf{hops}Hops")
    assert outcome == "FAILED" and "parameter CallerKey is '' in this branch" in reason, reason


def test_a_chain_past_the_depth_limit_is_not_evaluated_and_fails(fixtures_run):
    outcome, reason = result(fixtures_run, DEEP_CHAIN, MEMORY + "ChainOf70Hops")
    assert outcome == "FAILED" and "was not evaluated: expressions and conditions nested more than 64" in reason


def test_conditions_built_from_conditions_are_decided(fixtures_run):
    outcome, reason = result(fixtures_run, DEEP, MEMORY + "ConditionsBuiltFromConditions")
    assert outcome == "PASSED" and "condition D0 is true with the parameter defaults" in reason, reason


def _chain(hops):
    conditions = {f"C{i}": {"Condition": f"C{i + 1}"} for i in range(hops)}
    conditions[f"C{hops}"] = {"Fn::Equals": [{"Ref": "Caller"}, ""]}
    return {"Parameters": {"Caller": {"Type": "String"}}, "Conditions": conditions,
            "Resources": {"Key": {"Type": "AWS::KMS::Key"}}}


@settings(max_examples=40, deadline=None)
@given(hops=st.integers(0, 150), pinned_branch_first=st.booleans())
def test_a_chain_of_any_length_never_passes_a_branch_it_pins_to_empty(hops, pinned_branch_first):
    branches = [{"Ref": "Caller"}, {"Fn::GetAtt": ["Key", "Arn"]}]
    value = {"Fn::If": ["C0", *(branches if pinned_branch_first else branches[::-1])]}
    values = CloudFormationEvaluator(_chain(hops)).values(value)
    verdict = judge_values(values, "EncryptionKeyArn")
    if pinned_branch_first:  # Caller is "" in the branch taken when C0 is true
        assert not verdict.passed, verdict.reason
    else:  # the key, or Caller when C0 is false: an outside input
        assert verdict.passed or values[0].kind is Kind.NOT_EVALUATED, verdict.reason


@settings(max_examples=30, deadline=None)
@given(levels=st.integers(1, 200), fan_out=st.integers(2, 6), decided=st.booleans())
def test_conditions_built_from_conditions_end_with_a_verdict_that_is_never_a_wrong_pass(levels, fan_out, decided):
    """D_i = And(D_i+1 x fan_out): fan_out**levels paths, each condition worked out once; past the limit, FAIL."""
    conditions = {f"D{i}": {"Fn::And": [{"Condition": f"D{i + 1}"}] * fan_out} for i in range(levels)}
    conditions[f"D{levels}"] = {"Fn::Equals": [{"Ref": "Stage"}, "prod" if decided else {"Ref": "AWS::Region"}]}
    template = {"Parameters": {"Stage": {"Type": "String", "Default": "prod"}}, "Conditions": conditions}
    values = CloudFormationEvaluator(template).values({"Fn::If": ["D0", KEY, {"Ref": "AWS::NoValue"}]})
    verdict = judge_values(values, "EncryptionKeyArn")
    if not decided:
        assert not verdict.passed, verdict.reason
    elif not verdict.passed:
        assert values[0].kind is Kind.NOT_EVALUATED and levels > 25, verdict.reason


@pytest.mark.parametrize("levels", [10, 20, 40])
def test_a_branch_tree_shared_through_yaml_aliases_ends_not_evaluated(tmp_path, levels):
    """Each Fn::If names the level below twice (an alias): 2**levels paths; each node is worked out once per scope."""
    from checkov.cloudformation.parser import parse

    lines = ["Conditions:"] + [f"  C{i}: !Equals [!Ref AWS::Region, r{i}]" for i in range(levels)]
    lines += ["Mappings:", "  Tree:", "    Levels:", f"      L0: &l0 {KEY}"]
    lines += [f"      L{i + 1}: &l{i + 1} !If [C{i}, *l{i}, *l{i}]" for i in range(levels)]
    lines += ["Resources:", "  M:", "    Type: AWS::BedrockAgentCore::Memory", "    Properties:",
              f"      EncryptionKeyArn: *l{levels}"]
    path = tmp_path / "tree.yaml"
    path.write_text("\n".join(lines) + "\n")
    template, _ = parse(str(path))
    values = CloudFormationEvaluator(template, str(path)).values(template["Resources"]["M"]["Properties"]["EncryptionKeyArn"])
    verdict = judge_values(values, "EncryptionKeyArn")
    assert not verdict.passed and "was not evaluated" in verdict.reason, verdict.reason
