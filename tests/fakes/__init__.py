"""Test doubles that behave like Slack: a fake Web API server and a client that signs requests."""

from tests.fakes.app_http import AppResponse
from tests.fakes.calls import Call
from tests.fakes.signing import SlackRequestSigner
from tests.fakes.slack_api import FakeSlackAPI
from tests.fakes.slack_client import SlackClient

__all__ = ["AppResponse", "Call", "FakeSlackAPI", "SlackClient", "SlackRequestSigner"]
