"""A credential provider keeps its secret in the token vault: the vault key declared anywhere on the provider's way
from the root module covers it, through real Checkov."""

from checkov_runs import outcome


def test_a_vault_declared_in_a_child_module_covers_the_credential_provider(terraform_run):
    providers = [result for result in terraform_run.results() if result["resource"].endswith(".vault_in_child_module")]
    assert providers == []  # the vault's own result covers it
    found, details = outcome(terraform_run, "module.vault.aws_bedrockagentcore_token_vault_cmk.this")
    assert found == "PASSED", details
