#!/usr/bin/env python3
"""Registers push notification configs through the official A2A Python SDK (a2a-sdk 1.x)
client and drives tasks whose updates the host then POSTs to a webhook.

usage: push_client.py BASE_URL WEBHOOK_URL [JSONRPC|HTTP+JSON]

The host must serve the `tck` skill as its default skill and may deliver to WEBHOOK_URL.
Every step prints one JSON line on stdout; any failure prints "FAIL: ..." on stderr and exits
1. The Rust test that runs this script (tests/integration/push/peer.rs) checks the lines and
what the webhook received.
"""
import asyncio
import json
import sys

import httpx
from a2a.client import ClientConfig, ClientFactory
from a2a.client.card_resolver import A2ACardResolver
from a2a.helpers import new_text_message
from a2a.types.a2a_pb2 import (AuthenticationInfo, DeleteTaskPushNotificationConfigRequest,
                               GetTaskPushNotificationConfigRequest,
                               ListTaskPushNotificationConfigsRequest, Role,
                               SendMessageConfiguration, SendMessageRequest, TaskPushNotificationConfig,
                               TaskState)


def out(**fields):
    print(json.dumps(fields), flush=True)


def request(message_id, text, task_id=None, push=None):
    message = new_text_message(text, role=Role.ROLE_USER)
    message.message_id = message_id
    if task_id:
        message.task_id = task_id
    req = SendMessageRequest(message=message)
    if push is not None:
        req.configuration.CopyFrom(SendMessageConfiguration(task_push_notification_config=push))
    return req


async def only(events):
    results = [e async for e in events]
    if len(results) != 1:
        raise RuntimeError(f"expected one result, got {len(results)}")
    return results[0]


def state(task):
    return TaskState.Name(task.status.state)


async def main(base_url, webhook, binding):
    http = httpx.AsyncClient(timeout=httpx.Timeout(30.0))
    try:
        card = await A2ACardResolver(http, base_url).get_agent_card()
        out(step="card", push=card.capabilities.push_notifications)
        config = ClientConfig(streaming=False, httpx_client=http,
                              supported_protocol_bindings=[binding], use_client_preference=True)
        client = ClientFactory(config).create(card)

        asked = await only(client.send_message(request("tck-input-required-pypush", "start")))
        task_id = asked.task.id
        out(step="ask", state=state(asked.task), task=task_id)

        auth = AuthenticationInfo(scheme="Bearer", credentials="py-cred")
        made = await client.create_task_push_notification_config(TaskPushNotificationConfig(
            task_id=task_id, id="py-hook", url=webhook, token="py-token", authentication=auth))
        out(step="create", id=made.id, task=made.task_id == task_id, scheme=made.authentication.scheme)
        got = await client.get_task_push_notification_config(
            GetTaskPushNotificationConfigRequest(task_id=task_id, id="py-hook"))
        out(step="get", id=got.id, url=got.url == webhook, token=got.token)
        await client.create_task_push_notification_config(TaskPushNotificationConfig(
            task_id=task_id, id="py-extra", url=webhook))
        listed = await client.list_task_push_notification_configs(
            ListTaskPushNotificationConfigsRequest(task_id=task_id))
        out(step="list", ids=[c.id for c in listed.configs])

        answered = await only(client.send_message(
            request("tck-complete-task-pypush", "answer", task_id=task_id)))
        out(step="answer", state=state(answered.task))

        inline = TaskPushNotificationConfig(id="py-inline", url=webhook, token="py-inline-token")
        sent = await only(client.send_message(request("tck-complete-task-pyinline", "go", push=inline)))
        out(step="inline", state=state(sent.task), task=sent.task.id)

        for _ in range(2):
            await client.delete_task_push_notification_config(
                DeleteTaskPushNotificationConfigRequest(task_id=task_id, id="py-extra"))
        listed = await client.list_task_push_notification_configs(
            ListTaskPushNotificationConfigsRequest(task_id=task_id))
        out(step="deleted", ids=[c.id for c in listed.configs])
    finally:
        await http.aclose()


if __name__ == "__main__":
    if len(sys.argv) not in (3, 4):
        sys.exit(__doc__)
    try:
        binding = sys.argv[3] if len(sys.argv) == 4 else "JSONRPC"
        asyncio.run(main(sys.argv[1], sys.argv[2], binding))
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
