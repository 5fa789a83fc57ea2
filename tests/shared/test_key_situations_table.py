"""docs/prowler.md's table of key situations is what the live verdicts say: rendered here from
``judge_live_key`` (and the token vault's and insight store's judgements) and compared with the docs."""

import re
from pathlib import Path

from agentcore_cmk.live_kinds import judge_live_insight_store
from agentcore_cmk.verdicts import UNUSABLE_KEY_STATES, judge_live_key, judge_live_token_vault, unreadable

DOCS = Path(__file__).resolve().parents[2] / "docs/prowler.md"
ACCOUNT, OTHER = "123456789012", "111122223333"
KEY = f"arn:aws:kms:us-east-1:{ACCOUNT}:key/1234abcd-12ab-34cd-56ef-1234567890ab"
OTHER_KEY = KEY.replace(ACCOUNT, OTHER)
CUSTOMER = {"KeyManager": "CUSTOMER", "KeyState": "Enabled", "KeySpec": "SYMMETRIC_DEFAULT",
            "KeyUsage": "ENCRYPT_DECRYPT"}
SUBJECT = "Memory orders"


def _memory(key_arn, metadata=None, error=None, account=ACCOUNT):
    return judge_live_key(key_arn, metadata, error, SUBJECT, account, resource_partition="aws")


#: (situation, verdict), in the order the docs show them
SITUATIONS = [
    ("none: no key ARN (AgentCore falls back to an AWS owned key)", _memory(None)),
    ("AWS owned: a token vault's `ServiceManagedKey`", judge_live_token_vault(
        {"keyType": "ServiceManagedKey"}, subject="Token vault default", resource_account=ACCOUNT)),
    ("AWS owned: an insight store's `AWS_OWNED_KMS_KEY`", judge_live_insight_store(
        {"mode": "AWS_OWNED_KMS_KEY"}, lambda key: (None, None), "Agent insight store default", ACCOUNT)),
    ("AWS managed, by alias (`alias/aws/...`), in any account", _memory(
        f"arn:aws:kms:us-east-1:{ACCOUNT}:alias/aws/bedrock-agentcore")),
    ("AWS managed, as DescribeKey says (`KeyManager` `AWS`)", _memory(KEY, {**CUSTOMER, "KeyManager": "AWS"})),
    ("customer-managed, in this account", _memory(KEY, CUSTOMER)),
    ("customer-managed, another account's, readable", _memory(OTHER_KEY, CUSTOMER)),
    ("another account's key ARN, unreadable", _memory(OTHER_KEY, None, "AccessDeniedException")),
    ("another account's alias, unreadable", _memory(OTHER_KEY.replace("key/1234abcd-12ab-34cd-56ef-1234567890ab",
                                                                      "alias/orders"), None, "AccessDeniedException")),
    ("another partition (`arn:aws-us-gov:...` on an `aws` resource)", _memory(
        KEY.replace("arn:aws:kms:us-east-1", "arn:aws-us-gov:kms:us-gov-west-1"))),
    ("not a KMS key (an IAM role ARN, a bare key ID, ...)", _memory(f"arn:aws:iam::{ACCOUNT}:role/not-a-key")),
    ("a region that is not one (`arn:aws:kms:-:...`)", _memory(KEY.replace("us-east-1", "-"))),
    ("cannot encrypt: `HMAC_256`", _memory(KEY, {**CUSTOMER, "KeySpec": "HMAC_256",
                                                 "KeyUsage": "GENERATE_VERIFY_MAC"})),
    ("cannot encrypt: `RSA_2048` `SIGN_VERIFY`", _memory(KEY, {**CUSTOMER, "KeySpec": "RSA_2048",
                                                              "KeyUsage": "SIGN_VERIFY"})),
    *[(f"customer-managed, `{state}`", _memory(KEY, {**CUSTOMER, "KeyState": state})) for state in UNUSABLE_KEY_STATES],
    ("`KeyManager` neither `AWS` nor `CUSTOMER`", _memory(KEY, {**CUSTOMER, "KeyManager": None})),
    ("unreadable: DescribeKey refused for a key of this account", _memory(KEY, None, "AccessDeniedException")),
    ("unreadable: the resource itself", unreadable("AccessDeniedException", SUBJECT)),
]


def _first_words(reason: str) -> str:
    shown = reason.replace(OTHER_KEY.split(":key/")[0], "<other>").replace(KEY.split(":key/")[0], "<this>")
    shown = re.sub(r"<(this|other)>:(key|alias)/[\w/-]+", r"<\2>", shown)
    shown = re.sub(r"arn:aws-us-gov:kms:[\w-]+:\d+:key/[\w-]+", "<key>", shown)
    shown = re.sub(r"arn:aws:kms:-:\d+:key/[\w-]+", "<key>", shown)
    head, _, rest = shown.partition(": ")
    if rest.startswith("its data cannot be read"):  # the note on a key the service cannot use
        head += ": " + rest
    return head.replace("|", "\\|")


def render() -> str:
    rows = ["| key situation | status | the reason begins |", "| --- | --- | --- |"]
    rows += [f"| {situation} | {verdict.status.value} | {_first_words(verdict.reason)} |"
             for situation, verdict in SITUATIONS]
    return "\n".join(rows) + "\n"


def test_the_docs_table_of_key_situations_is_what_the_verdicts_say():
    table = render()
    assert table in DOCS.read_text(encoding="utf-8"), "docs/prowler.md should hold this table:\n" + table
