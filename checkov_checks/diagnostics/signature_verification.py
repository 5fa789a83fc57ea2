"""What ``agentcore-cmk-checks doctor checkov`` says about Checkov's signed external checks: is verification on here
(``--external-checks-public-key`` through ``CKV_EXTERNAL_CHECKS_PUBLIC_KEY`` or a ``.checkov.yaml``), and which
files would Checkov refuse?

The settings are read with Checkov's own argument parser and default configuration files (the current folder's
and the home folder's ``.checkov.yaml``), so the doctor sees what a ``checkov`` started here would; the files are
checked with Checkov's own verification.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Optional

ENVIRONMENT_VARIABLE = "CKV_EXTERNAL_CHECKS_PUBLIC_KEY"
SHOWN_FILES = 3


def probe(installed_folder: Path, external_checks_dirs: Optional[list[str]] = None) -> list[tuple[bool, str]]:
    """``external_checks_dirs``: the folders Checkov is pointed at, when the doctor was told them; else those of
    the .checkov.yaml here, else the installed folder."""
    try:
        from checkov.common.external_checks.verification import (
            SignatureVerificationError, load_public_keys, verify_external_checks_dirs,
        )
    except ImportError:
        return []  # a Checkov before --external-checks-public-key: nothing is verified, nothing refused
    key_paths, folders, source = _settings()
    folders = list(external_checks_dirs or folders)
    if not key_paths:
        return [(True, "external-checks signature verification is off (no --external-checks-public-key, "
                       f"{ENVIRONMENT_VARIABLE} or external-checks-public-key in a .checkov.yaml here)")]
    try:
        keys = load_public_keys(key_paths)
    except SignatureVerificationError as error:
        return [(False, f"external-checks signature verification is on ({source}), but Checkov cannot use its key "
                        f"and exits 2 before scanning: {error}")]
    lines = [(True, f"external-checks signature verification is on ({source}): Checkov runs only .py files "
                    f"signed by {', '.join(key_paths)} and refuses the run otherwise")]
    for folder in folders or [str(installed_folder)]:
        named = "the installed folder" if not folders else "external-checks-dir"
        try:
            verified = verify_external_checks_dirs([folder], keys)
        except SignatureVerificationError as error:
            refused = [line.strip()[2:] for line in str(error).splitlines() if line.strip()]
            shown = "; ".join(refused[:SHOWN_FILES]) + (f"; and {len(refused) - SHOWN_FILES} more"
                                                        if len(refused) > SHOWN_FILES else "")
            files = f"{len(refused)} file" + ("s" if len(refused) != 1 else "")
            lines.append((False, f"{named} {folder} would be refused ({files}: {shown}): write a "
                                 "folder to sign with `agentcore-cmk-checks signed-folder OUT --key <private key>` "
                                 "and point --external-checks-dir at it (docs/checkov.md, 'Signed external checks')"))
        else:
            lines.append((True, f"{named} {folder}: every .py file ({len(verified)}) is signed by one of the keys"))
    return lines


def _settings() -> tuple[list[str], list[str], str]:
    """(public key paths, external-checks folders, where the keys were set) as a ``checkov`` started here reads
    them."""
    from checkov.common.util.config_utils import get_default_config_paths
    from checkov.common.util.ext_argument_parser import ExtArgumentParser
    import configargparse

    parser = ExtArgumentParser(default_config_files=get_default_config_paths([]),
                               config_file_parser_class=configargparse.YAMLConfigFileParser)
    parser.add_parser_args()
    config, _ = parser.parse_known_args([])
    key_paths = [str(path) for path in (config.external_checks_public_key or [])]
    folders = [str(path) for path in (config.external_checks_dir or [])]
    source = (f"{ENVIRONMENT_VARIABLE}={os.environ[ENVIRONMENT_VARIABLE]}" if os.environ.get(ENVIRONMENT_VARIABLE)
              else "external-checks-public-key in a .checkov.yaml")
    return key_paths, folders, source
