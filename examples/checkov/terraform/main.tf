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
