#!/usr/bin/env python3
"""Drives a Skillhost through the official A2A Python SDK (a2a-sdk 1.x) client.

usage: peer_client.py BASE_URL [JSONRPC|HTTP+JSON]

The binding (JSON-RPC by default) is the one the client is told to prefer; the last line
lists the HTTP requests it made, which shows the binding it used.

The host must serve the `tck` skill as its default skill and the `echo` skill. Every step
prints one JSON line on stdout; any failure prints "FAIL: ..." on stderr and exits 1. The Rust
test that runs this script (tests/integration/peer.rs) checks the lines.
"""
import asyncio
import json
import re
import sys
import uuid

import httpx
from a2a.client import ClientConfig, ClientFactory
from a2a.client.card_resolver import A2ACardResolver
from a2a.helpers import get_artifact_text, get_message_text, new_text_message
from a2a.types.a2a_pb2 import (CancelTaskRequest, GetTaskRequest, ListTasksRequest, Role,
                               SendMessageRequest, SubscribeToTaskRequest, TaskState)
from a2a.utils.errors import TaskNotFoundError
from google.protobuf.struct_pb2 import Struct


def out(**fields):
    print(json.dumps(fields), flush=True)


def request(message_id, text, task_id=None, skill=None):
    message = new_text_message(text, role=Role.ROLE_USER)
    message.message_id = message_id
    if task_id:
        message.task_id = task_id
    if skill:
        metadata = Struct()
        metadata.update({"skillId": skill})
        message.metadata.CopyFrom(metadata)
    return SendMessageRequest(message=message)


async def only(events):
    """The single result of a non-streaming send."""
    results = [e async for e in events]
    if len(results) != 1:
        raise RuntimeError(f"expected one result, got {len(results)}")
    return results[0]


def state(task):
    return TaskState.Name(task.status.state)


async def main(base_url, binding):
    requests = set()

    async def record(request):
        if "well-known" in request.url.path:
            return
        path = re.sub(r"[0-9a-f-]{36}", "{id}", request.url.path)
        method = f" {json.loads(request.content)['method']}" if path == "/" else ""
        version = request.headers.get("a2a-version", "none")
        requests.add(f"{request.method} {path}{method} A2A-Version:{version}")

    http = httpx.AsyncClient(timeout=httpx.Timeout(30.0), event_hooks={"request": [record]})
    try:
        card = await A2ACardResolver(http, base_url).get_agent_card()
        out(step="card", name=card.name, streaming=card.capabilities.streaming,
            skills=[s.id for s in card.skills])

        def client(streaming):
            config = ClientConfig(streaming=streaming, httpx_client=http,
                                  supported_protocol_bindings=[binding],
                                  use_client_preference=True)
            return ClientFactory(config).create(card)

        blocking, streaming = client(False), client(True)

        done = await only(blocking.send_message(request("tck-complete-task-py", "hello")))
        out(step="send", state=state(done.task), text=get_message_text(done.task.status.message))

        async for event in streaming.send_message(request("tck-stream-001-py", "stream")):
            kind = event.WhichOneof("payload")
            line = {"step": "stream", "kind": kind}
            if kind == "task":
                line["state"], task_id = state(event.task), event.task.id
            elif kind == "status_update":
                line["state"] = TaskState.Name(event.status_update.status.state)
            elif kind == "artifact_update":
                line["text"] = get_artifact_text(event.artifact_update.artifact)
            out(**line)

        fetched = await streaming.get_task(GetTaskRequest(id=task_id))
        out(step="get", state=state(fetched), artifacts=[get_artifact_text(a) for a in fetched.artifacts])

        asked = await only(blocking.send_message(request("tck-input-required-py", "start")))
        out(step="ask", state=state(asked.task))
        answered = await only(blocking.send_message(
            request("tck-complete-task-py2", "answer", task_id=asked.task.id)))
        out(step="answer", state=state(answered.task), history=len(answered.task.history))

        waiting = await only(blocking.send_message(request("tck-input-required-py2", "wait")))
        async for event in streaming.subscribe(SubscribeToTaskRequest(id=waiting.task.id)):
            out(step="subscribe", kind=event.WhichOneof("payload"), state=state(event.task))
            break
        listed = await streaming.list_tasks(ListTasksRequest(context_id=waiting.task.context_id))
        out(step="list", found=[t.id == waiting.task.id for t in listed.tasks],
            last_page=listed.next_page_token == "")
        canceled = await streaming.cancel_task(CancelTaskRequest(id=waiting.task.id))
        out(step="cancel", state=state(canceled))

        reply = await only(blocking.send_message(request("echo-py", "echo me", skill="echo")))
        out(step="direct", kind=reply.WhichOneof("payload"), text=get_message_text(reply.message))

        try:
            await streaming.get_task(GetTaskRequest(id=str(uuid.uuid4())))
        except TaskNotFoundError as e:
            out(step="unknown", error=type(e).__name__)
        else:
            raise RuntimeError("GetTask on an unknown id did not raise TaskNotFoundError")
        out(step="calls", sent=sorted(requests))
    finally:
        await http.aclose()


if __name__ == "__main__":
    if len(sys.argv) not in (2, 3):
        sys.exit(__doc__)
    try:
        asyncio.run(main(sys.argv[1], sys.argv[2] if len(sys.argv) == 3 else "JSONRPC"))
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
