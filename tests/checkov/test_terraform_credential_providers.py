"""A credential provider keeps its secret in the token vault: the vault key declared anywhere on the provider's way
from the root module covers it, through real Checkov."""

from checkov_runs import outcome


def test_a_vault_declared_in_a_child_module_covers_the_credential_provider(terraform_run):
    providers = [result for result in terraform_run.results() if result["resource"].endswith(".vault_in_child_module")]
    assert providers == []  # the vault's own result covers it
    found, details = outcome(terraform_run, "module.vault.aws_bedrockagentcore_token_vault_cmk.this")
    assert found == "PASSED", details


def test_a_vault_key_the_files_do_not_deploy_leaves_the_credential_provider_failing(terraform_run):
    """count = var.manage_vault_key ? 1 : 0 with the default false: the vault key is declared but not deployed."""
    found, details = outcome(terraform_run, "aws_bedrockagentcore_oauth2_credential_provider.vault_not_deployed")
    assert found == "FAILED" and "sets no customer-managed key for the vault" in details, details
    assert not [result for result in terraform_run.results()
                if result["resource"] == "aws_bedrockagentcore_token_vault_cmk.vault"]  # count 0: no result of its own
