"""GetMemory never asks for decrypted data: view=without_decryption is on every request's wire, whether the
installed botocore models the parameter (it is then passed as one) or not (it is then added to that operation's
request only)."""

import gzip
import json
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import botocore

from prowler_helpers import make_provider, scan

MODEL_DIR = Path(botocore.__file__).parent / "data" / "bedrock-agentcore-control"


def _record_wire(provider, hooks):
    """Every request as botocore sends it, keyed by operation: (path, query)."""
    sent = []

    def record(request, event_name, **_):
        url = urlsplit(request.url)
        sent.append((event_name.rsplit(".", 1)[-1], url.path, parse_qs(url.query)))

    hooks.add(provider, "before-send.bedrock-agentcore-control", record)
    return sent


def _passed_parameters(provider, hooks):
    passed = []
    hooks.add(provider, "before-parameter-build.bedrock-agentcore-control.GetMemory",
              lambda params, **_: passed.append(dict(params)))
    return passed


def _assert_every_get_memory_asks_without_decryption(sent, memories):
    get_memory = [(path, query) for operation, path, query in sent if operation == "GetMemory"]
    assert sorted(path for path, _ in get_memory) == sorted(f"/memories/{m.id}/details" for m in memories)
    assert all(query == {"view": ["without_decryption"]} for _, query in get_memory), get_memory
    others = [(operation, query) for operation, _, query in sent if operation != "GetMemory"]
    assert others and all("view" not in query for _, query in others), "only GetMemory carries the view"


def test_the_installed_botocore_lacks_view_and_the_packaged_model_passes_it(account, provider, hooks, monkeypatch):
    memories = [account.seed_memory("first", "us-east-1", "cmk"), account.seed_memory("second", "eu-west-1")]
    sent, passed = _record_wire(provider, hooks), _passed_parameters(provider, hooks)
    installed = provider.session.current_session.client("bedrock-agentcore-control", region_name="us-east-1")

    _, findings = scan(provider, monkeypatch)

    assert not _models_view(installed), "botocore 1.40.61 does not model view"
    assert [params.get("view") for params in passed] == ["without_decryption"] * 2
    _assert_every_get_memory_asks_without_decryption(sent, memories)
    assert {f.status for f in findings} == {"PASS"}


def test_a_client_whose_model_lacks_view_gets_it_added_to_get_memory_only(account, provider, hooks):
    from agentcore_cmk_prowler.services.bedrockagentcore_service import _ask_without_decryption

    memory = account.seed_memory("unmodelled", "us-east-1", "cmk")
    sent, passed = _record_wire(provider, hooks), _passed_parameters(provider, hooks)
    client = provider.session.current_session.client("bedrock-agentcore-control", region_name="us-east-1")
    _ask_without_decryption(client)

    client.get_memory(memoryId=memory.id)
    client.list_memories()

    assert all("view" not in params for params in passed), "botocore 1.40.61 would reject an unknown parameter"
    _assert_every_get_memory_asks_without_decryption(sent, [memory])


def _models_view(client) -> bool:
    return "view" in client.meta.service_model.operation_model("GetMemory").input_shape.members


def test_a_botocore_that_models_view_gets_it_as_a_parameter(account, hooks, monkeypatch, tmp_path):
    _write_model_with_view(tmp_path)
    monkeypatch.setenv("AWS_DATA_PATH", str(tmp_path))
    provider = make_provider()
    memories = [account.seed_memory("modeled", "us-east-1", "cmk")]
    sent, passed = _record_wire(provider, hooks), _passed_parameters(provider, hooks)

    _, findings = scan(provider, monkeypatch)

    assert [params.get("view") for params in passed] == ["without_decryption"]
    _assert_every_get_memory_asks_without_decryption(sent, memories)
    assert [f.status for f in findings] == ["PASS"]


def _write_model_with_view(data_path: Path):
    """The installed service model plus GetMemory's view query parameter, as newer botocore releases have it."""
    (version_dir,) = [p for p in MODEL_DIR.iterdir() if p.is_dir()]
    source = next(version_dir.glob("service-2.json*"))
    raw = gzip.decompress(source.read_bytes()) if source.suffix == ".gz" else source.read_bytes()
    model = json.loads(raw)
    input_shape = model["operations"]["GetMemory"]["input"]["shape"]
    model["shapes"]["MemoryView"] = {"type": "string", "enum": ["full", "without_decryption"]}
    model["shapes"][input_shape]["members"]["view"] = {
        "shape": "MemoryView", "location": "querystring", "locationName": "view"}
    target = data_path / "bedrock-agentcore-control" / version_dir.name
    target.mkdir(parents=True)
    (target / "service-2.json").write_text(json.dumps(model))
    for other in version_dir.iterdir():  # endpoint rules and paginators as installed
        if not other.name.startswith("service-2."):
            (target / other.name).write_bytes(other.read_bytes())
