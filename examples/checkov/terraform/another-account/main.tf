# Another account's configuration: its token vault keeps the service's own key.

# FAILED: ServiceManagedKey, an AWS owned key
resource "aws_bedrockagentcore_token_vault_cmk" "vault" {
  kms_configuration {
    key_type = "ServiceManagedKey"
  }
}
