"""Prowler plug-in (entry-point group prowler.checks.aws), laid out as Prowler's own services."""
