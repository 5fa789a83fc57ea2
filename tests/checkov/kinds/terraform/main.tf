# The AgentCore kinds of issue 19 in the aws provider, and the memory a harness manages, each passing and failing.

variable "outside_key_arn" {
  type = string
}

resource "aws_kms_key" "agentcore" {
  enable_key_rotation = true
}

resource "aws_bedrockagentcore_policy_engine" "with_key" {
  name               = "engine_with_key"
  encryption_key_arn = aws_kms_key.agentcore.arn
}

resource "aws_bedrockagentcore_policy_engine" "without_key" {
  name = "engine_without_key"
}

resource "aws_bedrockagentcore_evaluator" "with_key" {
  evaluator_name = "evaluator_with_key"
  level          = "TRACE"
  kms_key_arn    = var.outside_key_arn

  evaluator_config {
    code_based {
      lambda_config {
        lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:judge"
      }
    }
  }
}

resource "aws_bedrockagentcore_evaluator" "managed_alias" {
  evaluator_name = "evaluator_managed_alias"
  level          = "TRACE"
  kms_key_arn    = "arn:aws:kms:us-east-1:111122223333:alias/aws/bedrock-agentcore"

  evaluator_config {
    code_based {
      lambda_config {
        lambda_arn = "arn:aws:lambda:us-east-1:111122223333:function:judge"
      }
    }
  }
}

resource "aws_bedrockagentcore_dataset" "with_key" {
  name        = "dataset_with_key"
  schema_type = "AGENTCORE_EVALUATION_PREDEFINED_V1"
  kms_key_arn = aws_kms_key.agentcore.arn

  source {
    s3_source {
      s3_uri = "s3://example-bucket/examples.jsonl"
    }
  }
}

resource "aws_bedrockagentcore_dataset" "without_key" {
  name        = "dataset_without_key"
  schema_type = "AGENTCORE_EVALUATION_PREDEFINED_V1"

  source {
    s3_source {
      s3_uri = "s3://example-bucket/examples.jsonl"
    }
  }
}

resource "aws_bedrockagentcore_configuration_bundle" "with_key" {
  bundle_name = "bundle_with_key"
  kms_key_arn = aws_kms_key.agentcore.arn

  component {
    component_identifier = "arn:aws:bedrock-agentcore:::evaluator/Builtin.Helpfulness"
    configuration        = jsonencode({ threshold = 0.7 })
  }
}

resource "aws_bedrockagentcore_configuration_bundle" "without_key" {
  bundle_name = "bundle_without_key"

  component {
    component_identifier = "arn:aws:bedrock-agentcore:::evaluator/Builtin.Helpfulness"
    configuration        = jsonencode({ threshold = 0.7 })
  }
}

resource "aws_bedrockagentcore_harness" "managed_with_key" {
  harness_name       = "managed_with_key"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    managed_memory_configuration {
      event_expiry_duration = 30
      encryption_key_arn    = aws_kms_key.agentcore.arn
    }
  }
}

resource "aws_bedrockagentcore_harness" "managed_without_key" {
  harness_name       = "managed_without_key"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    managed_memory_configuration {
      event_expiry_duration = 30
    }
  }
}

resource "aws_bedrockagentcore_harness" "without_memory" {
  harness_name       = "without_memory"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }
}

resource "aws_bedrockagentcore_harness" "existing_memory" {
  harness_name       = "existing_memory"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    agentcore_memory_configuration {
      arn = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/existing-abc"
    }
  }
}

# Older aws provider versions: disabled is an attribute.
resource "aws_bedrockagentcore_harness" "disabled_attribute" {
  harness_name       = "disabled_attribute"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    disabled = true
  }
}

# Newer aws provider versions: disabled is a block.
resource "aws_bedrockagentcore_harness" "disabled_block" {
  harness_name       = "disabled_block"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    disabled {}
  }
}

resource "aws_bedrockagentcore_capacity_provider" "all_customer" {
  name = "all_customer"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.medium"]
          }
          ephemeral_volume {
            device_name  = "/dev/sdb"
            virtual_name = "ephemeral0"
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-1"]
        security_groups = ["sg-1"]
      }
      root_volume = [{
        encrypted  = true
        kms_key_id = aws_kms_key.agentcore.arn
      }]
      volume {
        ebs_configuration {
          name       = "data"
          size_gib   = 20
          encrypted  = true
          kms_key_id = aws_kms_key.agentcore.arn
        }
      }
      volume {
        ebs_configuration {
          name       = "cache"
          size_gib   = 10
          kms_key_id = var.outside_key_arn
        }
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

resource "aws_bedrockagentcore_capacity_provider" "second_volume_default_key" {
  name = "second_volume_default_key"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.medium"]
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-1"]
        security_groups = ["sg-1"]
      }
      root_volume = [{
        encrypted  = true
        kms_key_id = aws_kms_key.agentcore.arn
      }]
      volume {
        ebs_configuration {
          name       = "data"
          size_gib   = 20
          kms_key_id = aws_kms_key.agentcore.arn
        }
      }
      volume {
        ebs_configuration {
          name      = "logs"
          size_gib  = 20
          encrypted = true
        }
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

resource "aws_bedrockagentcore_capacity_provider" "no_root_volume" {
  name = "no_root_volume"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.medium"]
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-1"]
        security_groups = ["sg-1"]
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

# An outside input: the files do not show which volumes the dynamic block declares.
variable "outside_volumes" {
  type = list(object({ name = string, size_gib = number }))
}

resource "aws_bedrockagentcore_capacity_provider" "dynamic_volumes" {
  name = "dynamic_volumes"

  compute_configuration {
    ec2_configuration {
      launch_template_source {
        launch_parameters {
          operating_system = "LINUX_ARM64"
          instance_requirements {
            allowed_instance_types = ["c6g.medium"]
          }
        }
      }
      vpc_configuration {
        subnets         = ["subnet-1"]
        security_groups = ["sg-1"]
      }
      root_volume = [{
        encrypted  = true
        kms_key_id = aws_kms_key.agentcore.arn
      }]
      dynamic "volume" {
        for_each = var.outside_volumes
        content {
          ebs_configuration {
            name       = volume.value.name
            size_gib   = volume.value.size_gib
            kms_key_id = aws_kms_key.agentcore.arn
          }
        }
      }
    }
  }

  permissions_configuration {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

variable "harness_keys" {
  type    = map(string)
  default = { team_a = "arn:aws:kms:us-east-1:111122223333:key/aaaaaaaa-1111-2222-3333-444444444444", team_b = "" }
}

resource "aws_bedrockagentcore_harness" "per_team" {
  for_each           = var.harness_keys
  harness_name       = "harness_${each.key}"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"

  model {
    bedrock_model_config {
      model_id = "anthropic.claude-sonnet-4-20250514"
    }
  }

  memory {
    managed_memory_configuration {
      encryption_key_arn = each.value
    }
  }
}

resource "aws_bedrockagentcore_capacity_provider" "malformed" {
  name = "malformed"

  compute_configuration {
    ec2_configuration {
      root_volume = "not an object"
      volume      = "not a block"
    }
  }
}
