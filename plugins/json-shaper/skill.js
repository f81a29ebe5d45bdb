// json-shaper: the skill adapter. Finds the JSON document and the query in the turn (the
// new message first, then the client's earlier ones, so a follow-up can carry just the
// query), asks for what is missing, and streams the result. Parsing and shaping live in
// query.js and shape.js, free of the bindings.
import { ArtifactStream, artifact, completed, data, defineSkill, fail, inputRequired, progress, text } from './skillhost.js';
import { QueryError, normalize, parseQuery } from './query.js';
import { InputError, apply, fieldsOf, parseDocument, recordsOf, scanJson } from './shape.js';

const RECORDS_PER_CHUNK = 50;
const EXAMPLE = 'where age > 30 | sort -age | limit 10';

const CARD = {
  id: 'json-shaper',
  name: 'JSON shaper',
  description:
    'Filters, sorts, projects and groups the records of a JSON document (an array of objects, as JSON text, a data part ' +
    'or an application/json file, up to 4 MiB and 100000 records) with a small query: where FIELD OP VALUE [and ...], ' +
    'select F, ...; sort [-]F; limit N; group by F [sum F] [avg F]; clauses separated by | or new lines, fields may be ' +
    'dotted. Streams the result as NDJSON, 50 records per chunk, and a summary.',
  tags: ['json', 'query', 'filter', 'transform', 'ndjson'],
  examples: [
    '[{"name":"Ada","age":36},{"name":"Alan","age":41}]\nwhere age > 40 | select name',
    'group by address.city avg age (with a JSON file attached)',
    'where tags contains "admin" | sort -score | limit 10',
  ],
  inputModes: ['application/json', 'text/plain'],
  outputModes: ['application/x-ndjson', 'application/json'],
};

/** The document (as JSON text) and the query text of one message, where present. */
function readMessage(message) {
  let doc;
  const query = [];
  for (const p of message.parts) {
    const { tag, val } = p.content;
    if (tag === 'data' && doc === undefined) doc = val;
    else if (tag === 'raw' && doc === undefined) doc = new TextDecoder().decode(val);
    else if (tag === 'text') {
      const scan = doc === undefined ? scanJson(val) : null;
      if (scan) doc = val.slice(0, scan.end);
      query.push(scan ? val.slice(scan.end) : val);
    }
  }
  const q = query.join('\n').trim();
  return { doc, query: q === '' ? undefined : q };
}

/** The newest document and the newest query across the new and the earlier messages. */
function gather(turn) {
  const messages = [turn.message, ...turn.history.filter((m) => m.role === 'user').reverse()];
  let doc;
  let query;
  for (const m of messages) {
    const found = readMessage(m);
    doc ??= found.doc;
    query ??= found.query;
  }
  return { doc, query };
}

/** The result as NDJSON, RECORDS_PER_CHUNK records per chunk (one empty chunk if none). */
function streamResult(records) {
  const out = new ArtifactStream('result', 'result');
  const part = (lines) => text(lines, { mediaType: 'application/x-ndjson', filename: 'result.ndjson' });
  const chunks = [];
  for (let i = 0; i < records.length; i += RECORDS_PER_CHUNK) {
    chunks.push(records.slice(i, i + RECORDS_PER_CHUNK).map((r) => JSON.stringify(r) + '\n').join(''));
  }
  const last = chunks.pop() ?? '';
  for (const c of chunks) out.write(part(c));
  out.finish(part(last));
}

function shape(turn) {
  const { doc, query } = gather(turn);
  if (doc === undefined && query === undefined) {
    return inputRequired(`Send a JSON document (an array of records) and a query, for example: ${EXAMPLE}`);
  }
  if (doc === undefined) {
    return inputRequired('Which JSON document should I query? Send it as JSON text, a data part or an application/json file.');
  }
  progress(`Parsing the JSON document (${doc.length} characters)`);
  const records = recordsOf(parseDocument(doc));
  const fields = fieldsOf(records);
  if (query === undefined) {
    const listed = fields.length > 20 ? `${fields.slice(0, 20).join(', ')}, ...` : fields.join(', ');
    return inputRequired(`The document has ${records.length} records with fields: ${listed}. Which query should I run? For example: ${EXAMPLE}`);
  }
  const clauses = parseQuery(query);
  progress(`Applying ${clauses.length} clause${clauses.length === 1 ? '' : 's'} to ${records.length} records`);
  const result = apply(records, clauses);
  streamResult(result);
  const summary = { inputRecords: records.length, outputRecords: result.length, fields, query: normalize(query) };
  artifact('summary', 'summary', data(summary));
  return completed(`${records.length} record${records.length === 1 ? '' : 's'} in, ${result.length} out`);
}

export const skill = defineSkill({
  skills: [CARD],
  run(turn) {
    try {
      return shape(turn);
    } catch (e) {
      // Bad input is the sender's problem, said plainly; anything else is a bug.
      if (e instanceof InputError || e instanceof QueryError) return fail(e.message);
      throw e;
    }
  },
});
