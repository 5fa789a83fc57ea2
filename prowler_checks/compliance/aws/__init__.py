"""AWS compliance frameworks: the entry point ``aws`` of group ``prowler.compliance`` names this package, and
Prowler loads every ``*.json`` in its folder. Generated: ``python -m agentcore_cmk.compliance``."""
