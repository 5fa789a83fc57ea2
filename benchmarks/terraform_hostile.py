"""Generated Terraform inputs that once made the evaluator's cost grow faster than the input (issue 18 items 8, 10).

``python benchmarks/terraform_hostile.py <family> <size> <folder>`` writes one root module (or a plan) for a family:

* ``map_lookup``: ``size`` memories, each keyed ``var.keys["mN"]`` over one ``size``-entry map variable;
* ``splat_chain``: ``size`` locals, each two splats over the previous one's list of objects;
* ``for_chain``: ``size`` chained ``for`` expressions;
* ``locals_fanout``: ``size`` locals, each a conditional over the previous one, every value a customer key;
* ``tfvars``: a ``terraform.tfvars`` of ``size`` entries, one variable per memory;
* ``multiline_string``: a memory whose description is a heredoc of ``size`` lines that look like attributes;
* ``plan_references``: a plan whose memory's key expression lists ``size`` references;
* ``filtered_for_each``: a ``size``-entry map of tenants, a key and a memory per enabled tenant (a ``for_each``
  filtered by a ``for`` expression's condition), each memory keyed ``aws_kms_key.k[each.key].arn``.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

KEY = "arn:aws:kms:us-east-1:123456789012:key/{:08d}-12ab-34cd-56ef-1234567890ab"


def _memory(name: str, key: str, extra: str = "") -> str:
    return (f'resource "aws_bedrockagentcore_memory" "{name}" {{\n  name = "{name}"\n  event_expiry_duration = 30\n'
            f"{extra}  encryption_key_arn = {key}\n}}\n\n")


def map_lookup(size: int) -> dict[str, str]:
    entries = "\n".join(f'    m{i} = "{KEY.format(i)}"' for i in range(size))
    memories = "".join(_memory(f"m{i}", f'var.keys["m{i}"]') for i in range(size))
    return {"main.tf": f'variable "keys" {{\n  default = {{\n{entries}\n  }}\n}}\n\n{memories}'}


def splat_chain(size: int) -> dict[str, str]:
    lines = [f'  l0 = [{{ v = var.p ? "{KEY.format(0)}" : "{KEY.format(1)}" }}, {{ v = var.q ? "{KEY.format(2)}" : "{KEY.format(3)}" }}]']
    for i in range(1, size + 1):
        lines.append(f"  l{i} = [{{ v = element(local.l{i - 1}[*].v, 0) }}, {{ v = element(local.l{i - 1}[*].v, 1) }}]")
    return {"main.tf": 'variable "p" {}\nvariable "q" {}\nlocals {\n' + "\n".join(lines) + "\n}\n\n"
                       + _memory("splat_chain", f"local.l{size}[0].v")}


def for_chain(size: int) -> dict[str, str]:
    lines = [f'  l0 = ["{KEY.format(0)}", "{KEY.format(1)}"]']
    for i in range(1, size + 1):
        lines.append(f"  l{i} = [for a in local.l{i - 1} : [for b in local.l{i - 1} : a]][0]")
    return {"main.tf": "locals {\n" + "\n".join(lines) + "\n}\n\n" + _memory("for_chain", f"local.l{size}[0]")}


def locals_fanout(size: int) -> dict[str, str]:
    variables = "".join(f'variable "p{i}" {{}}\n' for i in range(size))
    lines = [f'  l0 = var.p0 ? "{KEY.format(0)}" : "{KEY.format(1)}"']
    for i in range(1, size):
        lines.append(f'  l{i} = var.p{i} ? local.l{i - 1} : "{KEY.format(i + 1)}"')
    return {"main.tf": variables + "locals {\n" + "\n".join(lines) + "\n}\n\n" + _memory("fanout", f"local.l{size - 1}")}


def tfvars(size: int) -> dict[str, str]:
    variables = "".join(f'variable "k{i}" {{}}\n' for i in range(size))
    memories = "".join(_memory(f"m{i}", f"var.k{i}") for i in range(size))
    values = "".join(f'k{i} = "{KEY.format(i)}"\n' for i in range(size))
    return {"main.tf": variables + memories, "terraform.tfvars": values}


def multiline_string(size: int) -> dict[str, str]:
    heredoc = "".join(f"    line{i} = value{i}\n" for i in range(size))
    return {"main.tf": _memory("multiline", f'"{KEY.format(1)}"', f"  description = <<-EOT\n{heredoc}  EOT\n")}


def plan_references(size: int) -> dict[str, str]:
    references = [f"local.part{i}" for i in range(size)] + ["aws_kms_key.k.arn", "aws_kms_key.k"]
    memory = {"address": "aws_bedrockagentcore_memory.m", "mode": "managed", "type": "aws_bedrockagentcore_memory",
              "name": "m", "provider_name": "registry.terraform.io/hashicorp/aws"}
    values = {"name": "m", "event_expiry_duration": 30, "encryption_key_arn": None}
    plan = {
        "format_version": "1.2", "terraform_version": "1.9.8",
        "planned_values": {"root_module": {"resources": [{**memory, "schema_version": 0, "values": values}]}},
        "resource_changes": [{**memory, "change": {"actions": ["create"], "before": None, "after": values,
                                                   "after_unknown": {"encryption_key_arn": True}}}],
        "configuration": {"root_module": {"resources": [
            {"address": memory["address"], "mode": "managed", "type": memory["type"], "name": "m",
             "expressions": {"encryption_key_arn": {"references": references}}}]}},
    }
    return {"tfplan.json": json.dumps(plan)}


def filtered_for_each(size: int) -> dict[str, str]:
    tenants = "\n".join(f'    t{i} = {{ enabled = {"true" if i % 2 == 0 else "false"}, tier = "{"gold" if i % 3 else "basic"}" }}'
                        for i in range(size))
    return {"main.tf": (
        f'variable "tenants" {{\n  default = {{\n{tenants}\n  }}\n}}\n\n'
        "locals {\n  enabled = { for name, tenant in var.tenants : name => tenant if tenant.enabled }\n}\n\n"
        'resource "aws_kms_key" "k" {\n  for_each = local.enabled\n  description = each.key\n}\n\n'
        'resource "aws_bedrockagentcore_memory" "m" {\n'
        "  for_each = { for name, tenant in var.tenants : name => tenant if tenant.enabled }\n"
        '  name = each.key\n  event_expiry_duration = 30\n  encryption_key_arn = aws_kms_key.k[each.key].arn\n}\n')}


FAMILIES = {family.__name__: family for family in
            (map_lookup, splat_chain, for_chain, locals_fanout, tfvars, multiline_string, plan_references,
             filtered_for_each)}


def write(family: str, size: int, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    for name, text in FAMILIES[family](size).items():
        (folder / name).write_text(text)
    return folder


if __name__ == "__main__":
    print(write(sys.argv[1], int(sys.argv[2]), Path(sys.argv[3])))
