// Skillhost helpers for JavaScript skills (componentize-js), over the a2a:skill@0.1.0 WIT.
//
// A skill exports `skill`:
//
//   import { defineSkill, text, completed, progress } from './skillhost.js';
//   export const skill = defineSkill({
//     skills: [{ id: 'hello', name: 'Hello', description: 'Says hello' }],
//     run(turn) { progress('thinking'); return completed(text('hello')); },
//   });
//
// Return `fail(reason)` for the skill's own error. Anything thrown is a bug: the host
// reports it as a crash, with the error's stack in its log.

import { emitArtifact, emitStatus, cancelled as hostCancelled } from 'a2a:skill/events@0.1.0';
import { log as hostLog } from 'a2a:skill/logging@0.1.0';
import { get as configGet, getAll as configGetAll } from 'a2a:skill/config@0.1.0';

// ---- parts: each takes options { mediaType, filename, metadata } ----

function part(content, { mediaType, filename, metadata } = {}) {
  const json = metadata === undefined ? undefined : JSON.stringify(metadata);
  return { content, mediaType, filename, metadata: json };
}

/** A text part. */
export const text = (s, opts) => part({ tag: 'text', val: String(s) }, opts);
/** Inline bytes (a Uint8Array, or a string to encode as UTF-8). */
export const raw = (bytes, opts) =>
  part({ tag: 'raw', val: typeof bytes === 'string' ? new TextEncoder().encode(bytes) : bytes }, opts);
/** A reference to content at a URL. */
export const url = (u, opts) => part({ tag: 'url', val: String(u) }, opts);
/** Structured data: any JSON value. */
export const data = (value, opts) => part({ tag: 'data', val: JSON.stringify(value) }, { mediaType: 'application/json', ...opts });

/** A reply (message) of parts; strings become text parts. */
export const reply = (...parts) => ({ parts: parts.map((p) => (typeof p === 'string' ? text(p) : p)) });

// ---- reading a turn ----

/** The text parts of a message, joined by newlines. */
export const textOf = (message) =>
  message.parts.filter((p) => p.content.tag === 'text').map((p) => p.content.val).join('\n');
/** A message's metadata as an object ({} when it has none). */
export const metadataOf = (message) => (message.metadata ? JSON.parse(message.metadata) : {});
/** A data part's value. */
export const dataOf = (p) => (p.content.tag === 'data' ? JSON.parse(p.content.val) : undefined);

// ---- how a turn ends ----

/** Done, optionally with a final message. */
export const completed = (...parts) => ({ tag: 'completed', val: parts.length ? reply(...parts) : undefined });
/** Ask the client for more; the reply is the question. */
export const inputRequired = (...parts) => ({ tag: 'input-required', val: reply(...parts) });
/** Ask the client to authenticate first. */
export const authRequired = (...parts) => ({ tag: 'auth-required', val: reply(...parts) });
/** Refuse the task, saying why. */
export const rejected = (...parts) => ({ tag: 'rejected', val: reply(...parts) });
/** Answer directly instead of with a task. */
export const message = (...parts) => ({ tag: 'message', val: reply(...parts) });
/** The skill's own error: the task fails with this reason. */
export const fail = (reason) => ({ tag: 'err', val: { reason: String(reason) } });

// ---- progress and artifacts ----

/** Reports progress; the task stays WORKING. */
export const progress = (...parts) => emitStatus(reply(...parts));

/** Emits a whole artifact. */
export function artifact(id, name, ...parts) {
  emitArtifact({ artifactId: id, name, parts: reply(...parts).parts }, false, true);
}

/** An artifact sent in chunks: write() each chunk, finish() the last one. */
export class ArtifactStream {
  constructor(id, name) {
    this.id = id;
    this.name = name;
    this.started = false;
  }
  write(...parts) {
    if (parts.length) this.#send(parts, false);
  }
  finish(...parts) {
    this.#send(parts.length ? parts : [text('')], true);
  }
  #send(parts, last) {
    emitArtifact({ artifactId: this.id, name: this.name, parts: reply(...parts).parts }, this.started, last);
    this.started = true;
  }
}

/** Whether the client cancelled the task (the host stops the run by itself anyway). */
export const cancelled = () => hostCancelled();

// ---- logging and configuration ----

const record = (level) => (msg, fields = {}) =>
  hostLog(level, String(msg), Object.entries(fields).map(([k, v]) => [k, String(v)]));
/** Structured log records into the host's log. */
export const log = { debug: record('debug'), info: record('info'), warn: record('warn'), error: record('error') };
/** The skill's configuration from skill.toml: get(key) or all(). */
export const config = { get: (key) => configGet(key), all: () => configGetAll() };

// ---- the skill ----

const card = ({ id, name, description, tags = [], examples = [], inputModes = [], outputModes = [] }) =>
  ({ id, name, description, tags, examples, inputModes, outputModes });

/** The `skill` export: the cards of the skills it offers, and the function that runs a turn. */
export function defineSkill({ skills, run }) {
  return {
    describe: () => skills.map(card),
    run(turn) {
      try {
        return run(turn);
      } catch (e) {
        // A thrown error is a bug, not the skill's decision: log it and let the run trap.
        console.error(e && e.stack ? e.stack : String(e));
        throw e;
      }
    },
  };
}
