"""Prowler App's engine: a worker builds an AwsProvider and runs prowler.lib.scan.scan.Scan for one account.

Run as a script (one process per scan, as a worker process runs one): ``python scan_engine.py REGION... --check
ID...``; AWS settings come from the environment. Prints the findings as JSON: one object per finding with the
fields the CLI's JSON-OCSF report carries too.
"""

import argparse
import json
import sys

from prowler.lib.scan.scan import Scan
from prowler.providers.aws.aws_provider import AwsProvider


def main() -> int:
    parser = argparse.ArgumentParser()
    parser.add_argument("regions", nargs="+")
    parser.add_argument("--check", nargs="+", required=True)
    args = parser.parse_args()
    provider = AwsProvider(regions=set(args.regions))
    findings = []
    for _, batch in Scan(provider, checks=args.check).scan():
        findings += [{"check": f.metadata.CheckID, "uid": f.resource_uid, "account": f.account_uid,
                      "region": f.region, "status": f.status.value, "detail": f.status_extended} for f in batch]
    json.dump(findings, sys.stdout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
