"""Expected results for the CloudFormation parameter and condition fixtures: AllowedValues (also of list
parameters), AllowedPattern, what a condition's reason names, and conditions deep or built from conditions."""

from agentcore_cmk.verdicts import FALLBACK

ALLOWED = "/cloudformation/allowed_values.yaml"
REASONS = "/cloudformation/condition_reasons.yaml"
DEEP = "/cloudformation/deep_conditions.yaml"
DEEP_CHAIN = "/cloudformation/deep_condition_chain.yaml"
LISTS = "/cloudformation/list_parameters.yaml"
PATTERN = "/cloudformation/allowed_pattern.yaml"

MEMORY = "AWS::BedrockAgentCore::Memory."
VAULT = "AWS::BedrockAgentCore::TokenVault."
OUTSIDE = "outside the scanned files; it must be a customer-managed key"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"
PINNED_EMPTY = f"EncryptionKeyArn is absent (parameter CallerKey is '' in this branch, when condition {{}} is true): {FALLBACK}"

CLOUDFORMATION_PARAMETERS_AND_CONDITIONS = {
    # item 5: AllowedValues are what a deployer may pass
    (ALLOWED, MEMORY + "AllowedManagedAliasOnly"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter ManagedOnly at allowed_values.yaml:8)"),
    (ALLOWED, MEMORY + "AllowedEmptyOrKey"): ("FAILED", f"EncryptionKeyArn is absent (one of the AllowedValues of parameter EmptyOrKey at allowed_values.yaml:11): {FALLBACK} (one of 2 values it can take)"),
    # issue 27 item 15 changed these two: a default decides; AllowedValues narrow a value left to the deployer
    (ALLOWED, MEMORY + "AllowedKeyByDefaultOrManaged"): ("PASSED", "EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (the default of parameter KeyByDefaultOrManaged at allowed_values.yaml:19)"),
    (ALLOWED, MEMORY + "AllowedToggleMayDropKey"): ("PASSED", "EncryptionKeyArn references the customer-managed KMS key NewKey.Arn (the AWS::KMS::Key NewKey at allowed_values.yaml:46, condition UseKey is true with the parameter defaults)"),
    (ALLOWED, MEMORY + "AllowedKeysOnly"): ("PASSED", "in each of the 2 values it can take: EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter KeysOnly at allowed_values.yaml:14); EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000 (one of the AllowedValues"),
    (ALLOWED, MEMORY + "AllowedToggleWithOneValue"): ("PASSED", "NewKey.Arn (the AWS::KMS::Key NewKey at allowed_values.yaml:46, condition UseKeyAlways is true with the parameter defaults)"),
    (ALLOWED, MEMORY + "AllowedRejectsTheDefault"): ("PASSED", "EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter DefaultNotAllowed at allowed_values.yaml:36)"),
    (ALLOWED, VAULT + "AllowedVaultKeyTypeCustomerOnly"): ("PASSED", "KmsConfiguration.KmsKeyArn references the customer-managed KMS key NewKey.Arn"),
    # list parameters: each element is any allowed value; a blank value is [""]; a default is split on commas
    (LISTS, MEMORY + "ListSelectMayBeManaged"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter KeysOrManaged at list_parameters.yaml:9) (one of 2 values it can take)"),
    (LISTS, MEMORY + "ListSelectAnyIndexMayBeManaged"): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter KeysOrManaged at list_parameters.yaml:9)"),
    (LISTS, MEMORY + "ListSelectKeysOnly"): ("PASSED", "in each of the 2 values it can take: EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter KeysOnly at list_parameters.yaml:14); EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000 (one of the AllowedValues of parameter KeysOnly at list_parameters.yaml:14)"),
    (LISTS, MEMORY + "ListJoinMayBeEmpty"): ("FAILED", f"EncryptionKeyArn is absent (one of the AllowedValues of parameter EmptyOrKey at list_parameters.yaml:20): {FALLBACK}"),
    (LISTS, MEMORY + "ListSplitOfJoinKeysOnly"): ("PASSED", "in each of the 2 values it can take: EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter KeysOnly"),
    (LISTS, MEMORY + "ListSplitOfJoinMayBeManaged"): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter KeysOrManaged at list_parameters.yaml:9)"),
    (LISTS, MEMORY + "ListDefaultSplitOnCommas"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/bedrock, which the customer cannot control (the default of parameter DefaultPair at list_parameters.yaml:23)"),
    # AllowedPattern: rules values out, never proves a key customer-managed
    (PATTERN, MEMORY + "PatternKeyArnShape"): ("PASSED", f"EncryptionKeyArn comes from template parameter KeyArnShape, which has no default; its AllowedPattern '^arn:aws:kms:[a-z0-9-]+:\\d{{12}}:key/[0-9a-f-]{{36}}$' does not rule out a customer-managed key (declared at allowed_pattern.yaml:10), {OUTSIDE}"),
    (PATTERN, MEMORY + "PatternManagedAliasesOnly"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/a, which the customer cannot control (a value the AllowedPattern '^alias/aws/.*$' of parameter ManagedAliasesOnly at allowed_pattern.yaml:13 admits; it only admits values that start with 'alias/aws/': AWS managed keys, or no key at all)"),
    (PATTERN, MEMORY + "PatternSpelledOut"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the 2 values the AllowedPattern '^(alias/aws/bedrock|arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555)$' of parameter SpelledOut at allowed_pattern.yaml:16 admits) (one of 2 values it can take)"),
    (PATTERN, MEMORY + "PatternRejectsDefault"): ("PASSED", f"EncryptionKeyArn comes from template parameter DefaultRejected, whose default 'alias/aws/bedrock' the pattern rejects; its AllowedPattern '^arn:aws:kms:[a-z0-9-]+:\\d{{12}}:key/.+$' does not rule out a customer-managed key (declared at allowed_pattern.yaml:19), {OUTSIDE}"),
    (PATTERN, MEMORY + "PatternRejectsAllowedEmpty"): ("PASSED", "EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter EmptyAllowedRejected at allowed_pattern.yaml:23)"),
    (PATTERN, MEMORY + "PatternJavaOnly"): ("FAILED", f"EncryptionKeyArn was not evaluated: the AllowedPattern '^\\p{{Alnum}}+$' of parameter JavaOnly at allowed_pattern.yaml:27 is not read: Python's re does not read it as Java would (bad escape \\p at position 1); {UNVERIFIED}"),
    (PATTERN, MEMORY + "PatternNestedRepetition"): ("FAILED", f"EncryptionKeyArn was not evaluated: the AllowedPattern '^([a-z0-9:/-]+)+$' of parameter NestedRepetition at allowed_pattern.yaml:30 is not read: it nests repetitions, which backtracking may take exponential time to match; {UNVERIFIED}"),
    (PATTERN, MEMORY + "PatternListManaged"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/a, which the customer cannot control (a value the AllowedPattern '^alias/aws/.*$' of parameter ManagedList at allowed_pattern.yaml:33 admits; it only admits values that start with 'alias/aws/'"),
    (PATTERN, MEMORY + "PatternDefaultMatches"): ("PASSED", "EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (the default of parameter DefaultMatches at allowed_pattern.yaml:36)"),
    (PATTERN, MEMORY + "PatternOneAlternativeOnlyManaged"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/a, which the customer cannot control (a value the AllowedPattern '^(alias/aws/.*|arn:aws:kms:[a-z0-9-]+:\\d{12}:key/.+)$' of parameter ManagedOrKeyArn at allowed_pattern.yaml:43 admits; one of its alternatives only admits values that start with 'alias/aws/': AWS managed keys, or no key at all) (one of 2 values it can take)"),
    (PATTERN, MEMORY + "PatternDecidesCondition"): ("PASSED", "NewKey.Arn (the AWS::KMS::Key NewKey at allowed_pattern.yaml:51, condition IsProd is true with every value the parameters' AllowedPattern admits)"),
    # item 9: a decided condition's reason names what decided it
    (REASONS, MEMORY + "DecidedByTheBranch"): ("PASSED", "NewKey.Arn (the AWS::KMS::Key NewKey at condition_reasons.yaml:21, condition HasCallerKey is false with the conditions of this branch, when condition NoCallerKey is true)"),
    (REASONS, MEMORY + "DecidedByTheDefaults"): ("PASSED", "condition IsProd is true with the parameter defaults)"),
    (REASONS, MEMORY + "DecidedByNoParameter"): ("PASSED", "condition Always is always true)"),
    # items 10 and 11c: deep conditions, within and past the depth limit
    (DEEP, MEMORY + "ChainOf39Hops"): ("FAILED", PINNED_EMPTY.format("C31")),
    (DEEP, MEMORY + "ChainOf40Hops"): ("FAILED", PINNED_EMPTY.format("C30")),
    (DEEP, MEMORY + "ChainOf62Hops"): ("FAILED", PINNED_EMPTY.format("C8")),
    (DEEP, MEMORY + "ConditionsBuiltFromConditions"): ("PASSED", "condition D0 is true with the parameter defaults)"),
    (DEEP_CHAIN, MEMORY + "ChainOf70Hops"): ("FAILED", f"EncryptionKeyArn was not evaluated: expressions and conditions nested more than 64 levels deep (in deep_condition_chain.yaml); {UNVERIFIED}"),
}
