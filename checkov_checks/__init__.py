"""Checkov external checks: point `checkov --external-checks-dir` at this folder."""
