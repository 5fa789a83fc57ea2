"""Whether the configuration that declares a credential provider also sets the token vault's key."""

from __future__ import annotations

import os

from agentcore_cmk.verdicts import FALLBACK

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, plan_configuration
from agentcore_cmk_checkov.engine.terraform.evaluator import Evaluator, Scope
from agentcore_cmk_checkov.engine.terraform.namespaces import NO_KEY
from agentcore_cmk_checkov.engine.terraform.resource import module_scope, source_of

VAULT_TYPE = "aws_bedrockagentcore_token_vault_cmk"
#: The resources whose secrets (client secrets, API keys, OAuth tokens) AgentCore keeps in the token vault.
CREDENTIAL_PROVIDERS = ("aws_bedrockagentcore_oauth2_credential_provider", "aws_bedrockagentcore_api_key_credential_provider")


def vault_declared_for(conf: dict, configuration: Configuration, entity_path: str = "") -> tuple[bool, str]:
    """(True, "") when the provider's configuration sets the vault key (or the provider is in a module call that
    deploys nothing), else (False, the reason for a FAIL)."""
    source = source_of(conf, configuration, entity_path)
    reason = (f"{source.address or 'this credential provider'} keeps its secret in the token vault, and the scanned "
              f"configuration sets no customer-managed key for the vault (no {VAULT_TYPE} in this module, the modules "
              f"that call it or the modules they call): {FALLBACK} unless another configuration sets it; declare "
              f"{VAULT_TYPE} with key_type CustomerManagedKey, or suppress this result where the vault key is "
              "managed elsewhere")
    try:
        if source.plan is not None:
            return VAULT_TYPE in plan_configuration(source.plan).resource_types, reason
        if source.path is None:
            return False, reason
        scope = module_scope(source.address, source.path, configuration)
    except files.ReadProblem as problem:
        return False, f"{reason} ({problem})"
    if scope is None:  # in a module call that deploys nothing: no result claims the provider exists
        return True, ""
    root = scope
    while scope is not None:
        if _deploys_a_vault_key(scope):
            return True, ""
        root, scope = scope, scope.parent
    if _declared_below(root, set()):
        return True, ""
    return False, reason


def _deploys_a_vault_key(scope: Scope) -> bool:
    """Whether the module instance declares a vault key that may be deployed: one whose count or for_each the files
    decide to be empty deploys none (one they leave open may: its own result judges it)."""
    if not scope.module.declares("resource", VAULT_TYPE):
        return False
    evaluator = Evaluator(scope)
    for definition in scope.module.definitions("resource", VAULT_TYPE):
        if definition.attribute("count") is None and definition.attribute("for_each") is None:
            return True
        if any(keys is None or keys for _value, _where, keys in evaluator.instance_keys(definition)):
            return True
    return False


def _declared_below(scope: Scope, seen: set) -> bool:
    """Whether a module this one calls (with a local source), or one those call, deploys the vault key."""
    if scope.module.directory in seen:
        return False
    seen.add(scope.module.directory)
    for name, call in scope.module.module_calls():
        source = call.attribute("source")
        if source is None or source.kind != "literal" or not isinstance(source.value, str) or not source.value.startswith("."):
            continue
        child = Evaluator(scope).child_scope(call, name, NO_KEY, os.path.join(os.path.dirname(call.path), source.value))
        if _deploys_a_vault_key(child) or _declared_below(child, seen):
            return True
    return False
