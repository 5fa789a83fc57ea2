"""The session the plug-in makes its control-plane clients from: the scan's own, or, when the installed botocore
lacks operations the plug-in calls, one that loads the package's model of them first.

The package's model (``bedrockagentcore_api/``, written by its ``regenerate.py`` from a named botocore release)
holds only the read operations the plug-in calls. It is put on the search path of a botocore session of the
plug-in's own, which shares the scan's credentials, client configuration and event hooks: Prowler's other
clients keep botocore's models, and hooks registered on the scan's session (retries, tests) still apply.
"""

from __future__ import annotations

import json
import os
from functools import lru_cache
from pathlib import Path

import boto3
import botocore.session

from agentcore_cmk_prowler.services.bedrockagentcore_regions import CONTROL_PLANE

MODEL_ROOT = Path(__file__).resolve().parent / "bedrockagentcore_api"


@lru_cache(maxsize=1)
def packaged_operations() -> frozenset:
    """The operations of the package's model: every call the plug-in makes to the control plane."""
    models = sorted(MODEL_ROOT.glob(f"{CONTROL_PLANE}/*/service-2.json"))
    return frozenset(json.loads(models[-1].read_text())["operations"])


def missing_operations(session: boto3.Session) -> frozenset:
    """The plug-in's operations that the session's botocore does not model."""
    try:
        modelled = session._session.get_service_model(CONTROL_PLANE).operation_names
    except Exception:  # a botocore without the service at all
        modelled = ()
    return packaged_operations() - set(modelled)


def control_plane_session(session: boto3.Session) -> boto3.Session:
    """``session`` itself when its botocore models every operation the plug-in calls, else a session that loads
    the package's model of the control plane and shares everything else with ``session``."""
    if not missing_operations(session):
        return session
    core = session._session  # boto3 keeps its botocore session here; Prowler sets it up the same way
    own = botocore.session.Session(event_hooks=core.get_component("event_emitter"), include_builtin_handlers=False)
    user_data_path = core.get_config_variable("data_path")
    own.set_config_variable("data_path", os.pathsep.join(filter(None, (str(MODEL_ROOT), user_data_path))))
    own._credentials = core.get_credentials()
    own.set_default_client_config(core.get_default_client_config())
    for name in ("region", "profile"):
        value = core.get_config_variable(name)
        if value:
            own.set_config_variable(name, value)
    return boto3.Session(botocore_session=own)
