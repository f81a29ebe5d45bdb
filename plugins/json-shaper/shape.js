// Finding the records in a JSON document and shaping them with parsed clauses (query.js).
// Pure (no bindings), so it is unit tested with `node --test`. Everything a sender
// controls is capped before any work that grows with it.

export const MAX_DOCUMENT_BYTES = 4 << 20;
export const MAX_RECORDS = 100000;
export const MAX_DEPTH = 64;

/** A document the skill cannot use; the message is the reason the client sees. */
export class InputError extends Error {}

/** Where the JSON array or object at the start of `text` ends, and how deeply it nests:
 *  { start, end, depth }, or null when `text` does not start with `[` or `{`. An unclosed
 *  value ends at the end of the text (JSON.parse then says what is wrong). */
export function scanJson(text) {
  const start = text.search(/\S/);
  if (start < 0 || (text[start] !== '[' && text[start] !== '{')) return null;
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = start; i < text.length; i++) {
    const ch = text[i];
    if (inString) {
      if (ch === '\\') i++;
      else if (ch === '"') inString = false;
    } else if (ch === '"') {
      inString = true;
    } else if (ch === '[' || ch === '{') {
      deepest = Math.max(deepest, ++depth);
    } else if ((ch === ']' || ch === '}') && --depth === 0) {
      return { start, end: i + 1, depth: deepest };
    }
  }
  return { start, end: text.length, depth: deepest };
}

/** The JSON value of `text` (a whole document); throws InputError. */
export function parseDocument(text) {
  const bytes = new TextEncoder().encode(text).length;
  if (bytes > MAX_DOCUMENT_BYTES) {
    throw new InputError(`The document is ${bytes} bytes; the limit is ${MAX_DOCUMENT_BYTES} bytes (4 MiB).`);
  }
  const scan = scanJson(text);
  // Checked before parsing: a deep enough document would exhaust the parser's stack.
  if (scan && scan.depth > MAX_DEPTH) throw new InputError(`The document nests ${scan.depth} levels deep; the limit is ${MAX_DEPTH}.`);
  try {
    return JSON.parse(text);
  } catch (e) {
    throw new InputError(`Invalid JSON: ${e.message}`);
  }
}

const isRecord = (v) => v !== null && typeof v === 'object' && !Array.isArray(v);

/** The records of a document: an array of objects, or an object with exactly one property
 *  that is one. Throws InputError. */
export function recordsOf(doc) {
  let records = doc;
  if (isRecord(doc)) {
    const arrays = Object.keys(doc).filter((k) => Array.isArray(doc[k]) && doc[k].every(isRecord));
    if (arrays.length !== 1) {
      throw new InputError(`The document is an object with ${arrays.length} arrays of records; send an array of records, or an object with exactly one.`);
    }
    records = doc[arrays[0]];
  }
  if (!Array.isArray(records)) throw new InputError('The document is not an array of records (JSON objects).');
  if (records.length > MAX_RECORDS) throw new InputError(`The document has ${records.length} records; the limit is ${MAX_RECORDS}.`);
  const bad = records.findIndex((r) => !isRecord(r));
  if (bad >= 0) throw new InputError(`Record ${bad + 1} is not a JSON object.`);
  return records;
}

/** The top-level fields of the records, in the order they first appear. */
export function fieldsOf(records) {
  const seen = new Set();
  for (const r of records) for (const k of Object.keys(r)) seen.add(k);
  return [...seen];
}

/** The value at a dotted path, or undefined. A key that holds the dots itself wins, so the
 *  rows that `select a.b` and `group by a.b` make can be sorted and filtered by `a.b`. */
export function get(record, path) {
  if (Object.prototype.hasOwnProperty.call(record, path)) return record[path];
  let v = record;
  for (const key of path.split('.')) {
    if (!isRecord(v) || !Object.prototype.hasOwnProperty.call(v, key)) return undefined;
    v = v[key];
  }
  return v;
}

/** Orders values for comparisons and sorting: numbers with numbers, strings with strings. */
function compare(a, b) {
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'string' && typeof b === 'string') return a < b ? -1 : a > b ? 1 : 0;
  return undefined; // different kinds: no order
}

function matches(record, { field, op, value }) {
  const v = get(record, field);
  if (v === undefined) return false; // a missing field never matches
  if (op === 'contains') {
    if (typeof v === 'string') return typeof value === 'string' && v.includes(value);
    return Array.isArray(v) && v.some((x) => x === value);
  }
  if (op === '=' || op === '!=') return (v === value) === (op === '=');
  const c = compare(v, value);
  if (c === undefined) return false;
  return { '<': c < 0, '<=': c <= 0, '>': c > 0, '>=': c >= 0 }[op];
}

/** Sorts stably; values of another kind than the first sort after it, missing ones last. */
function sortBy(records, field, descending) {
  const rank = (v) => (v === undefined ? 3 : typeof v === 'number' ? 0 : typeof v === 'string' ? 1 : 2);
  return records
    .map((r, i) => ({ r, i, v: get(r, field) }))
    .sort((a, b) => {
      const kinds = rank(a.v) - rank(b.v);
      if (kinds !== 0) return kinds;
      const c = compare(a.v, b.v) ?? 0;
      return (descending ? -c : c) || a.i - b.i;
    })
    .map((x) => x.r);
}

const round = (x) => Math.round(x * 1e4) / 1e4;

function groupBy(records, { by, aggregates }) {
  const groups = new Map();
  for (const r of records) {
    const key = get(r, by) ?? null;
    const k = JSON.stringify(key);
    if (!groups.has(k)) groups.set(k, { key, members: [] });
    groups.get(k).members.push(r);
  }
  return [...groups.values()].map(({ key, members }) => {
    const out = { [by]: key, count: members.length };
    for (const { fn, field } of aggregates) {
      const nums = members.map((m) => get(m, field)).filter((v) => typeof v === 'number');
      const sum = nums.reduce((a, b) => a + b, 0);
      out[`${fn}(${field})`] = fn === 'sum' ? round(sum) : nums.length ? round(sum / nums.length) : null;
    }
    return out;
  });
}

/** `records` shaped by `clauses`, in order. */
export function apply(records, clauses) {
  let out = records;
  for (const c of clauses) {
    if (c.kind === 'where') out = out.filter((r) => c.conditions.every((cond) => matches(r, cond)));
    if (c.kind === 'select') out = out.map((r) => Object.fromEntries(c.fields.map((f) => [f, get(r, f) ?? null])));
    if (c.kind === 'sort') out = sortBy(out, c.field, c.descending);
    if (c.kind === 'limit') out = out.slice(0, c.n);
    if (c.kind === 'group') out = groupBy(out, c);
  }
  return out;
}
