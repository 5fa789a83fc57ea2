# A configuration that declares a credential provider and never sets the token vault's key.

# FAILED (under the token-vault finding): the secret goes to a vault with no customer-managed key in this configuration
resource "aws_bedrockagentcore_oauth2_credential_provider" "github" {
  name                       = "github"
  credential_provider_vendor = "GithubOauth2"
  oauth2_provider_config {
    github_oauth2_provider_config {
      client_id     = var.github_client_id
      client_secret = var.github_client_secret
    }
  }
}

variable "github_client_id" {
  type = string
}

variable "github_client_secret" {
  type      = string
  sensitive = true
}
