#!/usr/bin/env python3
"""The A2A 0.1-era client flows of the seed articles, over raw HTTP with httpx.

usage: seed_client.py BASE_URL

Two dialects of that era, as the articles' scripts speak them:
- methods posted to their name as a path (`POST /tasks/send`, `POST /tasks/sendSubscribe`)
  with the params as the body and the result as the answer; the stream read line by line
  until an event says `final` or `completed`; a multi-turn exchange that sends the turn's
  number as `historyLength` and reads the question from the answer's `message`;
- JSON-RPC 2.0 at the agent's URL (`tasks/send`, `tasks/sendSubscribe`, `tasks/get`,
  `tasks/cancel`), the client naming the task and the session.

The host must serve the `tck` skill as its default skill. Every step prints one JSON line;
a failure prints "FAIL: ..." on stderr and exits 1. tests/integration/peer checks the lines.
"""
import asyncio
import json
import sys
import uuid

import httpx


def out(**fields):
    print(json.dumps(fields, ensure_ascii=False), flush=True)


def texts(parts):
    return [p["text"] for p in parts if "text" in p]


def user(text):
    return {"role": "user", "parts": [{"text": text}]}


async def stream_task(http, agent_url, task_id, message):
    """Sends a task to a streaming agent and follows its progress, line by line."""
    progress, result = [], None
    body = {"id": task_id, "message": user(message)}
    headers = {"Accept": "text/event-stream"}
    async with http.stream("POST", f"{agent_url}/tasks/sendSubscribe", json=body,
                           headers=headers) as response:
        async for line in response.aiter_lines():
            if not line.startswith("data: "):
                continue
            data = json.loads(line[6:])
            state = data.get("status", {}).get("state")
            progress += [f"[{state}] {t}" for t in texts(data.get("message", {}).get("parts", []))]
            if data.get("final") or state == "completed":
                for artifact in data.get("artifacts", []):
                    result = " ".join(texts(artifact["parts"]))
                break
    out(step="path-stream", progress=progress, result=result)


async def execute_task_with_followup(http, agent_url, first, answers):
    """A task that may need more input: the client answers each question in turn."""
    task_id, message, turn = str(uuid.uuid4()), first, 0
    while turn < 10:
        turn += 1
        body = {"id": task_id, "message": user(message), "historyLength": turn - 1}
        result = (await http.post(f"{agent_url}/tasks/send", json=body)).json()
        state = result["status"]["state"]
        if state == "completed":
            artifacts = [" ".join(texts(a["parts"])) for a in result.get("artifacts", [])]
            out(step="path-turn", turn=turn, state=state, result=artifacts,
                history=len(result.get("history", [])))
            return
        question = " ".join(texts(result.get("message", {}).get("parts", [])))
        out(step="path-turn", turn=turn, state=state, question=question,
            history=len(result.get("history", [])))
        message = answers.pop(0)
    raise RuntimeError("the task never completed")


async def rpc(http, agent_url, method, params):
    body = {"jsonrpc": "2.0", "id": str(uuid.uuid4()), "method": method, "params": params}
    answer = (await http.post(agent_url, json=body)).json()
    if "error" in answer:
        return answer["error"]
    return answer["result"]


async def json_rpc_flows(http, agent_url):
    task_id, session = f"task-{uuid.uuid4().hex[:8]}", str(uuid.uuid4())
    sent = await rpc(http, agent_url, "tasks/send", {
        "id": task_id, "sessionId": session, "historyLength": 5,
        "message": {"role": "user", "parts": [{"type": "text", "text": "tck-complete-task"}]}})
    out(step="rpc-send", same_id=sent["id"] == task_id, same_session=sent["sessionId"] == session,
        state=sent["status"]["state"], text=texts(sent["status"]["message"]["parts"]))

    events = []
    body = {"jsonrpc": "2.0", "id": 1, "method": "tasks/sendSubscribe", "params": {
        "id": f"stream-{uuid.uuid4().hex[:8]}", "message": user("tck-stream-basic go")}}
    async with http.stream("POST", agent_url, json=body) as response:
        async for line in response.aiter_lines():
            if line.startswith("data:"):
                event = json.loads(line[5:])["result"]
                kind = "artifact" if "artifact" in event else event["status"]["state"]
                events.append(f"{kind}{' final' if event.get('final') else ''}")
    out(step="rpc-stream", events=events)

    waiting = f"wait-{uuid.uuid4().hex[:8]}"
    await rpc(http, agent_url, "tasks/send", {"id": waiting, "message": user("tck-input-required")})
    got = await rpc(http, agent_url, "tasks/get", {"id": waiting, "historyLength": 1})
    canceled = await rpc(http, agent_url, "tasks/cancel", {"id": waiting})
    missing = await rpc(http, agent_url, "tasks/get", {"id": f"none-{uuid.uuid4().hex}"})
    out(step="rpc-get-cancel", got=got["status"]["state"], history=len(got["history"]),
        canceled=canceled["status"]["state"], missing=missing["code"])


async def main(agent_url):
    async with httpx.AsyncClient(timeout=60.0) as http:
        card = (await http.get(f"{agent_url}/.well-known/agent.json")).json()
        out(step="card", url=card["url"] == agent_url, streaming=card["capabilities"]["streaming"])
        await stream_task(http, agent_url, "task-002", "tck-stream-basic 分析 sales_q1.csv 并生成报告")
        await execute_task_with_followup(http, agent_url, "tck-multi-turn 帮我预订明天上午的会议室",
                                         ["10:00,6 人", "done"])
        await json_rpc_flows(http, agent_url)


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit(__doc__)
    try:
        asyncio.run(main(sys.argv[1].rstrip("/")))
    except Exception as e:  # noqa: BLE001 - any failure fails the test
        print(f"FAIL: {type(e).__name__}: {e}", file=sys.stderr)
        sys.exit(1)
