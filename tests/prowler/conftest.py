"""In-process fixtures: moto's mock_aws and a real Prowler AwsProvider on it."""

import pytest
from moto import mock_aws

from prowler_helpers import Hooks, MockAccount, make_provider


@pytest.fixture(autouse=True)
def fake_credentials(monkeypatch):
    for name in ("AWS_PROFILE", "AWS_DEFAULT_PROFILE", "AWS_SESSION_TOKEN", "AWS_ENDPOINT_URL", "AWS_REGION"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("AWS_ACCESS_KEY_ID", "testing")
    monkeypatch.setenv("AWS_SECRET_ACCESS_KEY", "testing")
    monkeypatch.setenv("AWS_DEFAULT_REGION", "us-east-1")


@pytest.fixture
def account():
    """A fresh in-process moto account; seeding goes through the same code as the demo's."""
    with mock_aws():
        yield MockAccount(endpoint_url="")


@pytest.fixture
def provider(account):
    return make_provider()


@pytest.fixture
def hooks():
    registered = Hooks()
    yield registered
    registered.remove_all()
