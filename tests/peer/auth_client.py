#!/usr/bin/env python3
"""Drives a Skillhost that requires credentials through the official A2A Python SDK (1.x).

usage: auth_client.py BASE_URL BINDING API_KEY TOKEN

The SDK's own AuthInterceptor adds the credentials, reading from the Agent Card which
schemes the host wants and which header the API key goes in. Alice calls with the API key,
Bob with the bearer token; nobody calls with neither. Every step prints one JSON line on
stdout; any failure prints "FAIL: ..." on stderr and exits 1. The Rust test that runs this
script (tests/integration/auth/peer.rs) checks the lines.
"""
import asyncio
import json
import sys

import httpx
from a2a.client import ClientConfig, ClientFactory
from a2a.client.auth.credentials import CredentialService
from a2a.client.auth.interceptor import AuthInterceptor
from a2a.client.card_resolver import A2ACardResolver
from a2a.helpers import new_text_message
from a2a.types.a2a_pb2 import (GetExtendedAgentCardRequest, GetTaskRequest, ListTasksRequest,
                               Role, SendMessageRequest, TaskState)
from a2a.utils.errors import TaskNotFoundError


def out(**fields):
    print(json.dumps(fields), flush=True)


class Fixed(CredentialService):
    """One credential per scheme name, whatever the call."""

    def __init__(self, credentials):
        self.credentials = credentials

    async def get_credentials(self, security_scheme_name, context):
        return self.credentials.get(security_scheme_name)


async def only(events):
    results = [e async for e in events]
    if len(results) != 1:
        raise RuntimeError(f"expected one result, got {len(results)}")
    return results[0]


def send(message_id, text):
    message = new_text_message(text, role=Role.ROLE_USER)
    message.message_id = message_id
    return SendMessageRequest(message=message)


async def main(base_url, binding, api_key, token):
    sent_headers = set()

    async def record(request):
        for name in ("x-api-key", "authorization"):
            if name in request.headers:
                sent_headers.add(name)

    http = httpx.AsyncClient(timeout=httpx.Timeout(30.0), event_hooks={"request": [record]})
    try:
        card = await A2ACardResolver(http, base_url).get_agent_card()
        out(step="card", schemes=sorted(card.security_schemes.keys()),
            extended=card.capabilities.extended_agent_card)

        def client(credentials):
            config = ClientConfig(streaming=False, httpx_client=http,
                                  supported_protocol_bindings=[binding],
                                  use_client_preference=True)
            interceptors = [AuthInterceptor(Fixed(credentials))]
            return ClientFactory(config).create(card, interceptors=interceptors)

        alice = client({"apiKey": api_key})
        bob = client({"bearer": token})
        nobody = client({})

        asked = await only(alice.send_message(send("tck-input-required-sdk", "start")))
        out(step="alice-send", state=TaskState.Name(asked.task.status.state))
        try:
            await bob.get_task(GetTaskRequest(id=asked.task.id))
            raise RuntimeError("Bob read Alice's task")
        except TaskNotFoundError as e:
            out(step="bob-get", error=type(e).__name__)
        mine = await alice.list_tasks(ListTasksRequest())
        theirs = await bob.list_tasks(ListTasksRequest())
        out(step="list", alice=[t.id == asked.task.id for t in mine.tasks],
            bob=len(theirs.tasks))
        extended = await alice.get_extended_agent_card(GetExtendedAgentCardRequest())
        out(step="extended", alice="Authenticated as alice" in extended.description)
        try:
            await nobody.get_task(GetTaskRequest(id=asked.task.id))
            raise RuntimeError("an anonymous call was served")
        except TaskNotFoundError:
            raise
        except Exception as e:  # noqa: BLE001 - the SDK's error for an HTTP 401
            out(step="anonymous", unauthorized="401" in str(e))
        out(step="headers", sent=sorted(sent_headers))
    finally:
        await http.aclose()


if __name__ == "__main__":
    if len(sys.argv) != 5:
        sys.exit(__doc__)
    try:
        asyncio.run(main(*sys.argv[1:]))
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
