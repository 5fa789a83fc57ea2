"""The regions to scan for the AgentCore control plane, whatever the installed Prowler's region file holds."""

from __future__ import annotations

from prowler.lib.logger import logger
from prowler.providers.aws import aws_provider

CONTROL_PLANE = "bedrock-agentcore-control"
# Prowler's region file names the service "bedrock-agentcore"; a newer one may list the control plane too,
# an older one neither.
REGION_FILE_KEYS = ("bedrock-agentcore", CONTROL_PLANE)


def control_plane_regions(session, partition: str, audited_regions) -> set:
    """The partition's regions that the region file (under any of its keys) or else botocore lists, limited to
    the audited regions. Without either list, the audited regions as given."""
    regions = _region_file_regions(partition)
    if regions is None:
        regions = set(session.get_available_regions(CONTROL_PLANE, partition_name=partition))
        if regions:
            logger.warning(f"Prowler's region file has none of the keys {', '.join(REGION_FILE_KEYS)}: "
                           f"scanning the {len(regions)} regions botocore lists for {CONTROL_PLANE}")
        else:
            regions = set(audited_regions or ()) or set(session.get_available_regions("sts", partition_name=partition))
            logger.warning(f"Neither Prowler's region file ({', '.join(REGION_FILE_KEYS)}) nor botocore lists "
                           f"regions for {CONTROL_PLANE}: scanning {', '.join(sorted(regions)) or 'no region'}")
    if audited_regions:
        regions &= set(audited_regions)
    return regions


def _region_file_regions(partition: str):
    """The union of the regions listed under each key the region file has, None when it has none of them."""
    try:
        # Looked up at each call, and inside the try: a Prowler without this reader still gets a scan.
        services = aws_provider.read_aws_regions_file().get("services", {})
    except Exception as error:
        logger.warning(f"Prowler's region file could not be read ({error.__class__.__name__}: {error})")
        return None
    present = [services[key] for key in REGION_FILE_KEYS if isinstance(services.get(key), dict)]
    if not present:
        return None
    return {region for entry in present for region in entry.get("regions", {}).get(partition, [])}
