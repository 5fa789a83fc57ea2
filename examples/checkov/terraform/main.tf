variable "create_cmk" {
  description = "Create a KMS key for the experiments memory"
  type        = bool
  default     = false
}

resource "aws_kms_key" "memory" {
  description         = "AgentCore memory key"
  enable_key_rotation = true
}

# PASSED: the key created above
resource "aws_bedrockagentcore_memory" "support" {
  name                  = "support"
  event_expiry_duration = 30
  encryption_key_arn    = aws_kms_key.memory.arn
}

# FAILED: no key, so an AWS owned key
resource "aws_bedrockagentcore_memory" "scratch" {
  name                  = "scratch"
  event_expiry_duration = 7
}

# FAILED: create_cmk defaults to false, and then there is no key
resource "aws_bedrockagentcore_memory" "experiments" {
  name                  = "experiments"
  event_expiry_duration = 7
  encryption_key_arn    = var.create_cmk ? aws_kms_key.memory.arn : null
}

# PASSED: the gateway's data is encrypted with the key created above
resource "aws_bedrockagentcore_gateway" "tools" {
  name            = "tools"
  role_arn        = "arn:aws:iam::123456789012:role/agentcore-gateway"
  authorizer_type = "AWS_IAM"
  protocol_type   = "MCP"
  kms_key_arn     = aws_kms_key.memory.arn
}

# FAILED: no kms_key_arn, so an AWS owned key (a gateway's key can be added in place)
resource "aws_bedrockagentcore_gateway" "sandbox" {
  name            = "sandbox"
  role_arn        = "arn:aws:iam::123456789012:role/agentcore-gateway"
  authorizer_type = "AWS_IAM"
  protocol_type   = "MCP"
}

# PASSED: the token vault (OAuth tokens, client secrets, API keys) under the key created above
resource "aws_bedrockagentcore_token_vault_cmk" "vault" {
  kms_configuration {
    key_type    = "CustomerManagedKey"
    kms_key_arn = aws_kms_key.memory.arn
  }
}

# No result of its own: its secret is in the vault above, which has a customer-managed key
resource "aws_bedrockagentcore_api_key_credential_provider" "search" {
  name    = "search-api"
  api_key = var.search_api_key
}

variable "search_api_key" {
  type      = string
  sensitive = true
}
