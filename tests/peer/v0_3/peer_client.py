#!/usr/bin/env python3
"""Drives a Skillhost through the A2A Python SDK 0.3 (a2a-sdk 0.3.x) client, over JSON-RPC.

usage: peer_client.py BASE_URL

The host must serve the `tck` skill as its default skill and the `echo` skill. The card
comes from /.well-known/agent.json, the SDK's own PREV_AGENT_CARD_WELL_KNOWN_PATH: the 1.0
card at agent-card.json has none of the 0.3 members this SDK requires. Every step prints
one JSON line on stdout; any failure prints "FAIL: ..." on stderr and exits 1. The Rust
test that runs this script (tests/integration/peer) checks the lines.
"""
import asyncio
import json
import sys
import uuid

import httpx
from a2a.client import A2ACardResolver, ClientConfig, ClientFactory
from a2a.client.errors import A2AClientJSONRPCError
from a2a.types import Message, Part, Role, TaskIdParams, TaskQueryParams, TextPart
from a2a.utils.constants import PREV_AGENT_CARD_WELL_KNOWN_PATH


def out(**fields):
    print(json.dumps(fields), flush=True)


def message(message_id, text, task_id=None, skill=None):
    return Message(message_id=message_id, role=Role.user, task_id=task_id,
                   parts=[Part(root=TextPart(text=text))],
                   metadata={"skillId": skill} if skill else None)


def text(parts):
    return "".join(p.root.text for p in parts if getattr(p.root, "kind", "") == "text")


async def last(events):
    """The last (task, update) pair or message a send yields."""
    result = None
    async for event in events:
        result = event
    return result


async def main(base_url):
    calls = set()

    async def record(request):
        if request.method == "POST":
            body = json.loads(request.content)
            version = request.headers.get("a2a-version", "none")
            calls.add(f"{request.url.path} {body['method']} A2A-Version:{version}")

    http = httpx.AsyncClient(timeout=httpx.Timeout(30.0), event_hooks={"request": [record]})
    try:
        resolver = A2ACardResolver(http, base_url, agent_card_path=PREV_AGENT_CARD_WELL_KNOWN_PATH)
        card = await resolver.get_agent_card()
        out(step="card", version=card.protocol_version, transport=card.preferred_transport,
            skills=[s.id for s in card.skills])
        blocking = ClientFactory(ClientConfig(streaming=False, httpx_client=http)).create(card)
        streaming = ClientFactory(ClientConfig(streaming=True, httpx_client=http)).create(card)

        task, _ = await last(blocking.send_message(message("tck-complete-task-p3", "hello")))
        out(step="send", state=task.status.state.value, text=text(task.status.message.parts))

        async for task, update in streaming.send_message(message("tck-stream-001-p3", "go")):
            kind = update.kind if update else "task"
            line = {"step": "stream", "kind": kind, "state": task.status.state.value}
            if update is not None and update.kind == "status-update":
                line["final"] = update.final
            out(**line)
        fetched = await streaming.get_task(TaskQueryParams(id=task.id))
        out(step="get", state=fetched.status.state.value,
            artifacts=[text(a.parts) for a in fetched.artifacts])

        asked, _ = await last(blocking.send_message(message("tck-input-required-p3", "start")))
        out(step="ask", state=asked.status.state.value)
        answered, _ = await last(blocking.send_message(
            message("tck-complete-task-p3b", "answer", task_id=asked.id)))
        out(step="answer", state=answered.status.state.value, history=len(answered.history))

        waiting, _ = await last(blocking.send_message(message("tck-input-required-p3b", "wait")))
        async for task, _ in streaming.resubscribe(TaskIdParams(id=waiting.id)):
            out(step="resubscribe", state=task.status.state.value)
            break
        canceled = await streaming.cancel_task(TaskIdParams(id=waiting.id))
        out(step="cancel", state=canceled.status.state.value)

        reply = await last(blocking.send_message(message("echo-p3", "echo me", skill="echo")))
        out(step="direct", kind=reply.kind, text=text(reply.parts))

        try:
            await streaming.get_task(TaskQueryParams(id=str(uuid.uuid4())))
        except A2AClientJSONRPCError as e:
            out(step="unknown", code=e.error.code)
        else:
            raise RuntimeError("tasks/get on an unknown id did not fail")
        out(step="calls", sent=sorted(calls))
    finally:
        await http.aclose()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        asyncio.run(main(sys.argv[1]))
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
