// The query language of json-shaper, parsed into clauses that shape.js applies in order.
// Pure (no bindings), so it is unit tested with `node --test`.
//
//   where FIELD OP VALUE [and FIELD OP VALUE]...   OP: = != < <= > >= contains
//   select FIELD, FIELD...
//   sort FIELD | sort -FIELD                       (- for descending)
//   limit N
//   group by FIELD [sum FIELD] [avg FIELD]
//
// Clauses are separated by `|` or new lines. FIELD may be dotted (address.city). VALUE is a
// number, true, false, null, a quoted string, or a bare word (a string); a string holding
// `|` must be in double quotes.

export const MAX_QUERY_CHARS = 4096;
export const MAX_CLAUSES = 50;
export const MAX_LIMIT = 100000;
export const OPERATORS = ['=', '!=', '<=', '>=', '<', '>', 'contains'];

/** A query the skill cannot run; the message is the reason the client sees. */
export class QueryError extends Error {}

const FIELD = /^[A-Za-z_$][\w$]*(\.[\w$]+)*$/;

function field(text, where) {
  const f = text.trim();
  if (!FIELD.test(f)) throw new QueryError(`${where}: '${f.slice(0, 40)}' is not a field name (letters, digits, _ and dots).`);
  return f;
}

/** A literal: number, boolean, null, quoted string, or a bare word as a string. */
export function literal(text) {
  const t = text.trim();
  if (/^-?\d+(\.\d+)?([eE][+-]?\d+)?$/.test(t)) return Number(t);
  if (t === 'true' || t === 'false') return t === 'true';
  if (t === 'null') return null;
  const quoted = /^"(.*)"$|^'(.*)'$/s.exec(t);
  if (quoted) return quoted[1] ?? quoted[2];
  return t;
}

function condition(text, n) {
  // Longest operators first, so `<=` is not read as `<`; `contains` needs spaces around it.
  const m = /^\s*(\S+?)\s*(!=|<=|>=|=|<|>|\scontains\s)\s*(.+?)\s*$/s.exec(text);
  if (!m) {
    throw new QueryError(`Clause ${n}: expected FIELD OP VALUE with OP one of ${OPERATORS.join(' ')}; got '${text.trim().slice(0, 60)}'.`);
  }
  return { field: field(m[1], `Clause ${n}`), op: m[2].trim(), value: literal(m[3]) };
}

function limit(text, n) {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) > MAX_LIMIT) {
    throw new QueryError(`Clause ${n}: limit must be a whole number from 0 to ${MAX_LIMIT}, not '${t.slice(0, 20)}'.`);
  }
  return { kind: 'limit', n: Number(t) };
}

function group(text, n) {
  const m = /^by\s+(\S+)((?:\s+(?:sum|avg)\s+\S+)*)\s*$/.exec(text.trim());
  if (!m) throw new QueryError(`Clause ${n}: expected 'group by FIELD [sum FIELD] [avg FIELD]'.`);
  const aggregates = [...m[2].matchAll(/(sum|avg)\s+(\S+)/g)].map(([, fn, f]) => ({ fn, field: field(f, `Clause ${n}`) }));
  return { kind: 'group', by: field(m[1], `Clause ${n}`), aggregates };
}

function clause(text, n) {
  const m = /^\s*(\S+)\s*(.*)$/s.exec(text);
  const [keyword, rest] = [m[1].toLowerCase(), m[2]];
  switch (keyword) {
    case 'where':
      return { kind: 'where', conditions: rest.split(/\s+and\s+/).map((c) => condition(c, n)) };
    case 'select': {
      const fields = rest.split(',').map((f) => field(f, `Clause ${n}`));
      return { kind: 'select', fields };
    }
    case 'sort': {
      const t = rest.trim();
      return { kind: 'sort', field: field(t.replace(/^-/, ''), `Clause ${n}`), descending: t.startsWith('-') };
    }
    case 'limit':
      return limit(rest, n);
    case 'group':
      return group(rest, n);
    default:
      throw new QueryError(`Clause ${n}: unknown clause '${m[1].slice(0, 20)}'; use where, select, sort, limit or group by.`);
  }
}

/** The clauses of `text`, in order; throws QueryError. */
export function parseQuery(text) {
  if (text.length > MAX_QUERY_CHARS) {
    throw new QueryError(`The query is ${text.length} characters; the limit is ${MAX_QUERY_CHARS}.`);
  }
  const parts = splitClauses(text);
  if (parts.length > MAX_CLAUSES) throw new QueryError(`The query has ${parts.length} clauses; the limit is ${MAX_CLAUSES}.`);
  return parts.map((c, i) => clause(c, i + 1));
}

/** The query as one line, clauses joined by ' | ' (for the summary). */
export const normalize = (text) => splitClauses(text).join(' | ');

/** The clauses of `text`: split at `|` and new lines, except inside double quotes. */
export function splitClauses(text) {
  const out = [];
  let current = '';
  let quoted = false;
  for (const ch of text) {
    if (ch === '"') quoted = !quoted;
    if (!quoted && (ch === '|' || ch === '\n')) {
      out.push(current);
      current = '';
    } else {
      current += ch;
    }
  }
  out.push(current);
  return out.map((c) => c.trim()).filter((c) => c !== '');
}
