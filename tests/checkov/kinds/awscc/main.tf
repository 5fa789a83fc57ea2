# The AgentCore kinds of issue 19 in the awscc provider (every nested setting is an object attribute), and the
# memory a harness manages, each passing and failing.

resource "awscc_kms_key" "agentcore" {
  enable_key_rotation = true
}

resource "awscc_bedrockagentcore_policy_engine" "with_key" {
  name               = "engine_with_key"
  encryption_key_arn = awscc_kms_key.agentcore.arn
}

resource "awscc_bedrockagentcore_policy_engine" "without_key" {
  name = "engine_without_key"
}

resource "awscc_bedrockagentcore_evaluator" "with_key" {
  evaluator_name   = "evaluator_with_key"
  level            = "TRACE"
  evaluator_config = {}
  kms_key_arn      = awscc_kms_key.agentcore.arn
}

resource "awscc_bedrockagentcore_evaluator" "without_key" {
  evaluator_name   = "evaluator_without_key"
  level            = "TRACE"
  evaluator_config = {}
}

resource "awscc_bedrockagentcore_configuration_bundle" "with_key" {
  bundle_name = "bundle_with_key"
  components  = {}
  kms_key_arn = awscc_kms_key.agentcore.arn
}

resource "awscc_bedrockagentcore_configuration_bundle" "without_key" {
  bundle_name = "bundle_without_key"
  components  = {}
}

resource "awscc_bedrockagentcore_harness" "managed_with_key" {
  harness_name       = "managed_with_key"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"
  model              = {}
  memory = {
    managed_memory_configuration = {
      event_expiry_duration = 30
      encryption_key_arn    = awscc_kms_key.agentcore.arn
    }
  }
}

resource "awscc_bedrockagentcore_harness" "without_memory" {
  harness_name       = "without_memory"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"
  model              = {}
}

resource "awscc_bedrockagentcore_harness" "existing_memory" {
  harness_name       = "existing_memory"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"
  model              = {}
  memory = {
    agent_core_memory_configuration = {
      arn = "arn:aws:bedrock-agentcore:us-east-1:111122223333:memory/existing-abc"
    }
  }
}

resource "awscc_bedrockagentcore_capacity_provider" "all_customer" {
  name = "all_customer"
  compute_configuration = {
    ec_2_configuration = {
      launch_template_source = {
        launch_parameters = {
          operating_system      = "LINUX_ARM64"
          instance_requirements = { allowed_instance_types = ["c6g.medium"] }
          ephemeral_volumes = [
            { device_name = "/dev/sdb", virtual_name = "ephemeral0" },
            { device_name = "/dev/sdc", ebs = { encrypted = true, kms_key_id = awscc_kms_key.agentcore.arn } },
          ]
        }
      }
      vpc_configuration = { subnets = ["subnet-1"], security_groups = ["sg-1"] }
      root_volume       = { encrypted = true, kms_key_id = awscc_kms_key.agentcore.arn }
      volumes = [
        { ebs_configuration = { name = "data", size_gi_b = 20, encrypted = true, kms_key_id = awscc_kms_key.agentcore.arn } },
      ]
    }
  }
  permissions_configuration = {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

resource "awscc_bedrockagentcore_capacity_provider" "ephemeral_without_key" {
  name = "ephemeral_without_key"
  compute_configuration = {
    ec_2_configuration = {
      launch_template_source = {
        launch_parameters = {
          operating_system      = "LINUX_ARM64"
          instance_requirements = { allowed_instance_types = ["c6g.medium"] }
          ephemeral_volumes = [
            { device_name = "/dev/sdc", ebs = { encrypted = true } },
          ]
        }
      }
      vpc_configuration = { subnets = ["subnet-1"], security_groups = ["sg-1"] }
      root_volume       = { encrypted = true, kms_key_id = awscc_kms_key.agentcore.arn }
    }
  }
  permissions_configuration = {
    capacity_provider_operator_role_arn = "arn:aws:iam::111122223333:role/operator"
  }
}

resource "awscc_bedrockagentcore_harness" "memory_disabled" {
  harness_name       = "memory_disabled"
  execution_role_arn = "arn:aws:iam::111122223333:role/harness"
  model              = {}
  memory = {
    disabled = {}
  }
}
