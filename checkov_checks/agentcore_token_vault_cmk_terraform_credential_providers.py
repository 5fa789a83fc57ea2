"""Checkov check: credential providers whose secrets the token vault holds, in a configuration that never sets the
vault's key.

The vault is one per account and region; its key is set by ``aws_bedrockagentcore_token_vault_cmk``, whose own
result (``agentcore_token_vault_cmk_terraform``) judges it. A configuration that declares credential providers but
no vault key, in the provider's module or any module on the way from the root, leaves the secrets under an AWS
owned key unless another configuration sets it: each provider then gets one FAILED result under the token-vault
finding, naming the vault. When the configuration does declare the vault key, the provider gets no result of its
own (the vault's result covers it).
"""

from checkov.common.models.enums import CheckResult

from agentcore_cmk import checkov_output
from agentcore_cmk.finding import TOKEN_VAULT
from agentcore_cmk.verdicts import Status, Verdict
from agentcore_cmk_checkov.engine.terraform_check import TerraformCmkCheck
from agentcore_cmk_checkov.engine.terraform.vault import CREDENTIAL_PROVIDERS, vault_declared_for


class TokenVaultCredentialProviders(TerraformCmkCheck):
    def __init__(self) -> None:
        super().__init__(TOKEN_VAULT, supported_resources=CREDENTIAL_PROVIDERS)

    def scan_resource_conf(self, conf):
        declared, reason = vault_declared_for(conf, self.configuration(), self.entity_path)
        if declared:
            return CheckResult.UNKNOWN
        self.evaluated_keys = []
        self.details.extend(checkov_output.details(self.finding, Verdict(Status.FAIL, reason)))
        return CheckResult.FAILED


check = TokenVaultCredentialProviders()
