#!/usr/bin/env node
// Drives a Skillhost through the official A2A JavaScript SDK (@a2a-js/sdk 1.x).
//
// usage: NODE_PATH=target/peer-js/node_modules node peer_client.cjs BASE_URL JSONRPC|HTTP+JSON|0.3
//
// scripts/test installs the SDK (pinned by package-lock.json here) into target/peer-js.
//
// JSONRPC and HTTP+JSON use the 1.x client on that binding, with the card from
// /.well-known/agent-card.json. 0.3 uses the SDK's 0.3 compatibility client (its
// `legacyCompat` option): the card from /.well-known/agent.json, in the 0.3 shape, makes it
// pick the 0.3 JSON-RPC transport. The host must serve the `tck` skill as its default
// skill and the `echo` skill. Every step prints one JSON line; a failure prints
// "FAIL: ..." on stderr and exits 1. tests/integration/peer checks the lines.
const { Message, Role, TaskState } = require('@a2a-js/sdk');
const {
  ClientFactory,
  DefaultAgentCardResolver,
  JsonRpcTransportFactory,
  RestTransportFactory,
} = require('@a2a-js/sdk/client');
const { TaskNotFoundError } = require('@a2a-js/sdk/errors');

const out = (fields) => console.log(JSON.stringify(fields));
const state = (task) => TaskState[task.status.state];
const text = (parts) =>
  parts.filter((p) => p.content?.$case === 'text').map((p) => p.content.value).join('');

/** Every HTTP request the client makes, as `METHOD path [jsonrpc method] A2A-Version`. */
const calls = new Set();
const fetchImpl = async (url, init = {}) => {
  const path = new URL(url).pathname;
  const version = new Headers(init.headers).get('a2a-version') ?? 'none';
  let method = '';
  if (typeof init.body === 'string' && path === '/') method = ` ${JSON.parse(init.body).method}`;
  if (!path.startsWith('/.well-known')) {
    calls.add(`${init.method ?? 'GET'} ${path.replace(/[0-9a-f-]{36}/g, '{id}')}${method} A2A-Version:${version}`);
  }
  return fetch(url, init);
};

function request(messageId, words, { taskId = '', skill } = {}) {
  const json = { messageId, role: 'ROLE_USER', parts: [{ text: words }] };
  if (taskId) json.taskId = taskId;
  if (skill) json.metadata = { skillId: skill };
  return { message: Message.fromJSON(json) };
}

async function client(base, mode) {
  const legacyCompat = { enabled: mode === '0.3' };
  const factory = new ClientFactory({
    transports: [
      new JsonRpcTransportFactory({ fetchImpl, legacyCompat }),
      new RestTransportFactory({ fetchImpl, legacyCompat }),
    ],
    preferredTransports: [mode === 'HTTP+JSON' ? 'HTTP+JSON' : 'JSONRPC'],
    cardResolver: new DefaultAgentCardResolver({ fetchImpl, legacyCompat }),
  });
  const path = mode === '0.3' ? '/.well-known/agent.json' : '/.well-known/agent-card.json';
  return factory.createFromUrl(base, path);
}

async function main(base, mode) {
  const c = await client(base, mode);
  out({ step: 'card', protocolVersion: c.protocolVersion });

  const done = await c.sendMessage(request(`tck-complete-task-js-${mode}`, 'hello'));
  out({ step: 'send', state: state(done), text: text(done.status.message.parts) });

  let taskId;
  for await (const event of c.sendMessageStream(request(`tck-stream-001-js-${mode}`, 'go'))) {
    const { $case: kind, value } = event.payload;
    const line = { step: 'stream', kind };
    if (kind === 'task') [line.state, taskId] = [state(value), value.id];
    if (kind === 'statusUpdate') line.state = state(value);
    if (kind === 'artifactUpdate') line.text = text(value.artifact.parts);
    out(line);
  }
  const got = await c.getTask({ id: taskId, historyLength: 1 });
  out({ step: 'get', state: state(got), artifacts: got.artifacts.map((a) => text(a.parts)) });

  const asked = await c.sendMessage(request(`tck-input-required-js-${mode}`, 'start'));
  const answered = await c.sendMessage(
    request(`tck-complete-task-js2-${mode}`, 'answer', { taskId: asked.id }),
  );
  out({ step: 'answer', asked: state(asked), state: state(answered), history: answered.history.length });

  const waiting = await c.sendMessage(request(`tck-input-required-js2-${mode}`, 'wait'));
  for await (const event of c.resubscribeTask({ id: waiting.id })) {
    out({ step: 'subscribe', kind: event.payload.$case, state: state(event.payload.value) });
    break;
  }
  const canceled = await c.cancelTask({ id: waiting.id });
  out({ step: 'cancel', state: state(canceled) });

  const reply = await c.sendMessage(request(`echo-js-${mode}`, 'echo me', { skill: 'echo' }));
  out({ step: 'direct', role: Role[reply.role], text: text(reply.parts) });

  try {
    await c.getTask({ id: crypto.randomUUID() });
    throw new Error('GetTask on an unknown id did not fail');
  } catch (e) {
    out({ step: 'unknown', notFound: e instanceof TaskNotFoundError || e.constructor.name });
  }
  out({ step: 'calls', sent: [...calls].sort() });
}

const [base, mode] = process.argv.slice(2);
if (!base || !['JSONRPC', 'HTTP+JSON', '0.3'].includes(mode)) {
  console.error('usage: node peer_client.cjs BASE_URL JSONRPC|HTTP+JSON|0.3');
  process.exit(2);
}
main(base, mode).catch((e) => {
  console.error(`FAIL: ${e?.constructor?.name}: ${e?.message}`);
  process.exit(1);
});
