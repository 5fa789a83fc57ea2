"""The package's own bedrock-agentcore-control model: what regenerate.py writes, and that it is what is committed."""

import importlib.util
import json

from prowler_helpers import REPO

API = REPO / "prowler_checks/services/bedrockagentcore_api"


def _regenerate():
    spec = importlib.util.spec_from_file_location("regenerate", API / "regenerate.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _committed():
    (folder,) = (API / "bedrock-agentcore-control").iterdir()
    return json.loads((folder / "service-2.json").read_text()), json.loads((folder / "paginators-1.json").read_text())


def test_the_committed_model_has_exactly_the_operations_the_plugin_calls_and_every_shape_they_reach():
    regenerate = _regenerate()
    service, paginators = _committed()
    assert sorted(service["operations"]) == sorted(regenerate.OPERATIONS)
    assert service["metadata"]["x-agentcore-cmk-source"].startswith("botocore ")
    again, pages = regenerate.trim(service, paginators)  # trimming the trimmed model changes nothing
    assert again["shapes"] == service["shapes"] and pages == paginators
    # every List the service pages through (ListTagsForResource is one call per resource, no paginator)
    listed = {name for name in regenerate.OPERATIONS if name.startswith("List")} - {"ListTagsForResource"}
    assert set(paginators["pagination"]) == listed
    assert "documentation" not in json.dumps(service)


def test_trim_keeps_the_reachable_shapes_and_drops_documentation_and_other_operations():
    regenerate = _regenerate()
    service = {
        "metadata": {"protocol": "rest-json"},
        "operations": {
            "GetThing": {"input": {"shape": "In"}, "output": {"shape": "Out"}, "errors": [{"shape": "Oops"}],
                         "documentation": "<p>gets</p>"},
            "DeleteThing": {"input": {"shape": "Gone"}},
        },
        "shapes": {
            "In": {"type": "structure", "members": {"id": {"shape": "Id", "documentation": "x"}}},
            "Out": {"type": "structure", "members": {"tags": {"shape": "Tags"}, "list": {"shape": "Things"}}},
            "Tags": {"type": "map", "key": {"shape": "Id"}, "value": {"shape": "Value"}},
            "Things": {"type": "list", "member": {"shape": "Thing"}},
            "Thing": {"type": "structure", "members": {}}, "Id": {"type": "string"}, "Value": {"type": "string"},
            "Oops": {"type": "structure", "members": {}, "exception": True},
            "Gone": {"type": "structure", "members": {}}, "Unused": {"type": "string"},
        },
    }
    paginators = {"pagination": {"GetThing": {"input_token": "t"}, "DeleteThing": {"input_token": "t"}}}

    trimmed, pages = regenerate.trim(service, paginators, operations=("GetThing",))

    assert list(trimmed["operations"]) == ["GetThing"]
    assert sorted(trimmed["shapes"]) == ["Id", "In", "Oops", "Out", "Tags", "Thing", "Things", "Value"]
    assert "documentation" not in json.dumps(trimmed)
    assert pages == {"pagination": {"GetThing": {"input_token": "t"}}}


def test_a_release_without_an_operation_is_refused():
    regenerate = _regenerate()
    service = {"metadata": {}, "operations": {}, "shapes": {}}
    try:
        regenerate.trim(service, {"pagination": {}}, operations=("GetThing",))
    except SystemExit as error:
        assert "lacks GetThing" in str(error)
    else:
        raise AssertionError("trim accepted a release without the operation")
