# An agent's policy engine, evaluation resources, harness and runtime capacity: each kind once with a
# customer-managed key and once without.

resource "aws_kms_key" "agent" {
  description         = "AgentCore key"
  enable_key_rotation = true
}

# PASSED: the key above
resource "aws_bedrockagentcore_policy_engine" "guardrails" {
  name               = "guardrails"
  encryption_key_arn = aws_kms_key.agent.arn
}

# FAILED: no encryption_key_arn
resource "aws_bedrockagentcore_policy_engine" "sandbox" {
  name = "sandbox"
}

# PASSED: the key above
resource "aws_bedrockagentcore_evaluator" "helpfulness" {
  evaluator_name = "helpfulness"
  level          = "TRACE"
  kms_key_arn    = aws_kms_key.agent.arn

  evaluator_config {
    code_based {
      lambda_config {
        lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:judge"
      }
    }
  }
}

# FAILED: no kms_key_arn
resource "aws_bedrockagentcore_evaluator" "tone" {
  evaluator_name = "tone"
  level          = "SESSION"

  evaluator_config {
    code_based {
      lambda_config {
        lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:judge"
      }
    }
  }
}

# PASSED: the key above
resource "aws_bedrockagentcore_dataset" "support" {
  name        = "support_conversations"
  schema_type = "AGENTCORE_EVALUATION_PREDEFINED_V1"
  kms_key_arn = aws_kms_key.agent.arn

  source {
    s3_source {
      s3_uri = "s3://example-bucket/support.jsonl"
    }
  }
}

# FAILED: the AWS managed key alias/aws/bedrock-agentcore
resource "aws_bedrockagentcore_dataset" "scratch" {
  name        = "scratch"
  schema_type = "AGENTCORE_EVALUATION_PREDEFINED_V1"
  kms_key_arn = "alias/aws/bedrock-agentcore"

  source {
    s3_source {
      s3_uri = "s3://example-bucket/scratch.jsonl"
    }
  }
}

# PASSED: the key above
resource "aws_bedrockagentcore_configuration_bundle" "release" {
  bundle_name = "release"
  kms_key_arn = aws_kms_key.agent.arn

  component {
    component_identifier = "arn:aws:bedrock-agentcore:::evaluator/Builtin.Helpfulness"
    configuration        = jsonencode({ threshold = 0.7 })
  }
}

# FAILED: no kms_key_arn
resource "aws_bedrockagentcore_configuration_bundle" "draft" {
  bundle_name = "draft"

  component {
    component_identifier = "arn:aws:bedrock-agentcore:::evaluator/Builtin.Helpfulness"
    configuration        = jsonencode({ threshold = 0.5 })
  }
}

# PASSED (memory finding): the memory the harness manages is under the key above
resource "aws_bedrockagentcore_harness" "support" {
  harness_name       = "support"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    managed_memory_configuration {
      encryption_key_arn = aws_kms_key.agent.arn
    }
  }
}

# FAILED (memory finding): no memory block, so the harness creates a memory under an AWS owned key
resource "aws_bedrockagentcore_harness" "prototype" {
  harness_name       = "prototype"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }
}

# PASSED: the root volume and the persistent volume under the key above
resource "aws_bedrockagentcore_capacity_provider" "agents" {
  name = "agents"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.large"]
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-0123456789abcdef0"]
        security_groups = ["sg-0123456789abcdef0"]
      }
      root_volume = [{
        encrypted  = true
        kms_key_id = aws_kms_key.agent.arn
      }]
      volume {
        ebs_configuration {
          name       = "workspace"
          size_gib   = 50
          encrypted  = true
          kms_key_id = aws_kms_key.agent.arn
        }
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

# FAILED: no root_volume settings, so the root volume is not under a customer-managed key
resource "aws_bedrockagentcore_capacity_provider" "batch" {
  name = "batch"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.large"]
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-0123456789abcdef0"]
        security_groups = ["sg-0123456789abcdef0"]
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}
