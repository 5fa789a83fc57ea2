"""A generated Terraform monorepo: AgentCore memories keyed every way Terraform allows, among unrelated resources.

Deterministic for given arguments. The memories are spread over a fixed number of stacks (one root module per
folder, as in a monorepo), so each stack's graph grows with the number of memories: a check that scanned the
whole graph for each memory would show up as quadratic growth.
"""

from __future__ import annotations

import argparse
import random
from collections import Counter
from pathlib import Path

STACKS = 10
MEMORIES_PER_FILE = 50
ACCOUNT = "123456789012"
REGION = "us-east-1"

# How a memory gets its key. A quarter of the memories have none (mostly the attribute left out).
KEYED = ("literal", "key_resource", "local", "variable", "data_source")
UNKEYED = ("absent", "absent", "absent", "null", "aws_managed_alias")
UNRELATED = ("aws_s3_bucket", "aws_iam_role", "aws_sqs_queue", "aws_cloudwatch_log_group", "aws_security_group")


def _uuid(rng: random.Random) -> str:
    hex_digits = f"{rng.getrandbits(128):032x}"
    return f"{hex_digits[:8]}-{hex_digits[8:12]}-{hex_digits[12:16]}-{hex_digits[16:20]}-{hex_digits[20:]}"


def _key_arn(rng: random.Random) -> str:
    return f"arn:aws:kms:{REGION}:{ACCOUNT}:key/{_uuid(rng)}"


def _unrelated(kind: str, name: str) -> str:
    bodies = {
        "aws_s3_bucket": f'  bucket = "{name.replace("_", "-")}"\n  tags = {{ stack = local.stack }}\n',
        "aws_iam_role": (
            f'  name = "{name}"\n'
            "  assume_role_policy = jsonencode({\n"
            '    Version = "2012-10-17"\n'
            '    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole",'
            ' Principal = { Service = "bedrock-agentcore.amazonaws.com" } }]\n'
            "  })\n"
        ),
        "aws_sqs_queue": f'  name = "{name}"\n  message_retention_seconds = 86400\n',
        "aws_cloudwatch_log_group": f'  name = "/agents/{name}"\n  retention_in_days = 30\n',
        "aws_security_group": f'  name = "{name}"\n  description = "agents"\n  vpc_id = var.vpc_id\n',
    }
    return f'resource "{kind}" "{name}" {{\n{bodies[kind]}}}\n'


def _stack(stack: int, memories: int, rng: random.Random) -> dict[str, str]:
    """The files of one stack and the count of memories per key kind."""
    keys = max(1, memories // 20)
    variables = ['variable "vpc_id" {\n  type    = string\n  default = "vpc-0123456789abcdef0"\n}\n']
    locals_ = [f'  stack = "stack-{stack:02d}"']
    kms = []
    for number in range(keys):
        kms.append(
            f'resource "aws_kms_key" "memory_{number}" {{\n'
            f'  description         = "AgentCore memory key {number}"\n'
            "  enable_key_rotation = true\n}\n"
        )
        kms.append(f'data "aws_kms_key" "shared_{number}" {{\n  key_id = "alias/shared-memory-{number}"\n}}\n')
        # Half the locals and variables hold literals, half point at a key resource.
        local_value = f'"{_key_arn(rng)}"' if number % 2 else f"aws_kms_key.memory_{number}.arn"
        locals_.append(f"  memory_key_{number} = {local_value}")
        default = f'  default = "{_key_arn(rng)}"\n' if number % 2 == 0 else ""  # no default: an outside input
        variables.append(f'variable "memory_key_{number}" {{\n  type = string\n{default}}}\n')

    memory_files: dict[str, list[str]] = {}
    kinds: Counter = Counter()
    for number in range(memories):
        name = f"s{stack:02d}_memory_{number:04d}"
        key_number = rng.randrange(keys)
        kind = rng.choice(UNKEYED) if number % 4 == 3 else KEYED[(number // 4 + stack) % len(KEYED)]
        key_line = {
            "literal": f'  encryption_key_arn = "{_key_arn(rng)}"\n',
            "key_resource": f"  encryption_key_arn = aws_kms_key.memory_{key_number}.arn\n",
            "local": f"  encryption_key_arn = local.memory_key_{key_number}\n",
            "variable": f"  encryption_key_arn = var.memory_key_{key_number}\n",
            "data_source": f"  encryption_key_arn = data.aws_kms_key.shared_{key_number}.arn\n",
            "absent": "",
            "null": "  encryption_key_arn = null\n",
            "aws_managed_alias": f'  encryption_key_arn = "arn:aws:kms:{REGION}:{ACCOUNT}:alias/aws/bedrock"\n',
        }[kind]
        memory = (
            f'resource "aws_bedrockagentcore_memory" "{name}" {{\n'
            f'  name                  = "{name}"\n'
            "  event_expiry_duration = 30\n"
            f"{key_line}"
            f'  tags = {{ stack = local.stack, kind = "{kind}" }}\n'
            "}\n"
        )
        unrelated_kind = UNRELATED[number % len(UNRELATED)]
        file = f"memories_{number // MEMORIES_PER_FILE:03d}.tf"
        memory_files.setdefault(file, []).append(memory + "\n" + _unrelated(unrelated_kind, f"{name}_{unrelated_kind[4:]}"))
        kinds[kind] += 1

    files = {
        "main.tf": (
            'terraform {\n  required_providers {\n    aws = { source = "hashicorp/aws" }\n  }\n}\n\n'
            f'provider "aws" {{\n  region = "{REGION}"\n}}\n\nlocals {{\n' + "\n".join(locals_) + "\n}\n"
        ),
        "variables.tf": "\n".join(variables),
        "kms.tf": "\n".join(kms),
    }
    files.update({name: "\n".join(blocks) for name, blocks in memory_files.items()})
    return {"files": files, "kinds": kinds}


def generate(root: Path, memories: int, seed: int = 6, stacks: int = STACKS) -> Counter:
    """Write the tree under ``root``; returns how many memories got each key kind."""
    rng = random.Random(seed)
    kinds: Counter = Counter()
    for stack in range(stacks):
        # Spread the remainder so the stacks differ by at most one memory.
        count = memories // stacks + (1 if stack < memories % stacks else 0)
        built = _stack(stack, count, rng)
        folder = root / f"stack_{stack:02d}"
        folder.mkdir(parents=True, exist_ok=True)
        for name, text in built["files"].items():
            (folder / name).write_text(text)
        kinds += built["kinds"]
    return kinds


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("root", type=Path)
    parser.add_argument("--memories", type=int, default=2000)
    args = parser.parse_args()
    print(dict(generate(args.root, args.memories)))
