"""Whether the configuration that declares a credential provider also sets the token vault's key."""

from __future__ import annotations

import os

from agentcore_cmk.verdicts import FALLBACK

from agentcore_cmk_checkov.engine.terraform import files as files
from agentcore_cmk_checkov.engine.terraform.configuration import Configuration, plan_configuration
from agentcore_cmk_checkov.engine.terraform.plan import is_plan
from agentcore_cmk_checkov.engine.terraform.resource import module_scope

VAULT_TYPE = "aws_bedrockagentcore_token_vault_cmk"
#: The resources whose secrets (client secrets, API keys, OAuth tokens) AgentCore keeps in the token vault.
CREDENTIAL_PROVIDERS = ("aws_bedrockagentcore_oauth2_credential_provider", "aws_bedrockagentcore_api_key_credential_provider")


def vault_declared_for(conf: dict, configuration: Configuration, scanned_file: str = "") -> tuple[bool, str]:
    """(True, "") when the provider's configuration sets the vault key, else (False, the reason for a FAIL)."""
    address = conf.get("__address__") if isinstance(conf.get("__address__"), str) else "this credential provider"
    reason = (f"{address} keeps its secret in the token vault, and the scanned configuration sets no customer-managed "
              f"key for the vault (no {VAULT_TYPE} in this module, the modules that call it or the modules they call): {FALLBACK} unless "
              f"another configuration sets it; declare {VAULT_TYPE} with key_type CustomerManagedKey, or suppress "
              f"this result where the vault key is managed elsewhere")
    if is_plan(conf):
        plan_path = conf["__file__"][0] if isinstance(conf["__file__"], list) else conf["__file__"]
        try:
            plan = plan_configuration(plan_path)
        except files.ReadProblem as problem:
            return False, f"{reason} ({problem})"
        return VAULT_TYPE in plan.resource_types, reason
    vertex = configuration.vertex(address, scanned_file, conf.get("__start_line__"))
    path = vertex.get("file_path_") if vertex else None
    if not isinstance(path, str):
        return False, reason
    try:
        scope = module_scope(address, path, configuration)
    except files.ReadProblem as problem:
        return False, f"{reason} ({problem})"
    root = scope
    while scope is not None:
        if scope.module.declares("resource", VAULT_TYPE):
            return True, ""
        root, scope = scope, scope.parent
    if _declared_below(root.module, configuration, set()):
        return True, ""
    return False, reason


def _declared_below(module, configuration: Configuration, seen: set) -> bool:
    """Whether a module this one calls (with a local source), or one those call, declares the vault key."""
    if module.directory in seen:
        return False
    seen.add(module.directory)
    for call in module.module_calls():
        source = call.attribute("source")
        if source is None or source.kind != "literal" or not isinstance(source.value, str) or not source.value.startswith("."):
            continue
        child = configuration.folder(os.path.join(os.path.dirname(call.path), source.value))
        if child.declares("resource", VAULT_TYPE) or _declared_below(child, configuration, seen):
            return True
    return False
