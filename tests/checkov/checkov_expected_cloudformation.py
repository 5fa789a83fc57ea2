"""Expected results for the CloudFormation fixtures of issue 18 (items 5, 9, 10 and 11c): AllowedValues, what a
condition's reason names, and conditions deep or built from conditions."""

from agentcore_cmk.verdicts import FALLBACK

ALLOWED = "/cloudformation/allowed_values.yaml"
REASONS = "/cloudformation/condition_reasons.yaml"
DEEP = "/cloudformation/deep_conditions.yaml"
DEEP_CHAIN = "/cloudformation/deep_condition_chain.yaml"

MEMORY = "AWS::BedrockAgentCore::Memory."
VAULT = "AWS::BedrockAgentCore::TokenVault."
OUTSIDE = "outside the scanned files; it must be a customer-managed key"
UNVERIFIED = "a key nobody could verify is not reported as customer-managed"
PINNED_EMPTY = f"EncryptionKeyArn is absent (parameter CallerKey is '' in this branch, when condition {{}} is true): {FALLBACK}"

CLOUDFORMATION_ISSUE_18 = {
    # item 5: AllowedValues are what a deployer may pass
    (ALLOWED, MEMORY + "AllowedManagedAliasOnly"): ("FAILED", "EncryptionKeyArn names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter ManagedOnly at allowed_values.yaml:8)"),
    (ALLOWED, MEMORY + "AllowedEmptyOrKey"): ("FAILED", f"EncryptionKeyArn is absent (one of the AllowedValues of parameter EmptyOrKey at allowed_values.yaml:11): {FALLBACK} (one of 2 values it can take)"),
    (ALLOWED, MEMORY + "AllowedKeyByDefaultOrManaged"): ("FAILED", "names the AWS managed key alias/aws/bedrock, which the customer cannot control (one of the AllowedValues of parameter KeyByDefaultOrManaged at allowed_values.yaml:19) (one of 2 values it can take)"),
    (ALLOWED, MEMORY + "AllowedToggleMayDropKey"): ("FAILED", f"EncryptionKeyArn is absent (AWS::NoValue) (when condition UseKey is false): {FALLBACK} (one of 2 values it can take)"),
    (ALLOWED, MEMORY + "AllowedKeysOnly"): ("PASSED", "in each of the 2 values it can take: EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/11111111-2222-3333-4444-555555555555 (one of the AllowedValues of parameter KeysOnly at allowed_values.yaml:14); EncryptionKeyArn is the KMS key arn:aws:kms:us-east-1:123456789012:key/66666666-7777-8888-9999-000000000000 (one of the AllowedValues"),
    (ALLOWED, MEMORY + "AllowedToggleWithOneValue"): ("PASSED", "NewKey.Arn (the AWS::KMS::Key NewKey at allowed_values.yaml:42, condition UseKeyAlways is true with the parameter defaults)"),
    (ALLOWED, VAULT + "AllowedVaultKeyTypeCustomerOnly"): ("PASSED", "KmsConfiguration.KmsKeyArn references the customer-managed KMS key NewKey.Arn"),
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
