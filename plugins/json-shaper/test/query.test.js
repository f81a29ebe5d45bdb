// Unit tests of the query language (query.js): node --test plugins/json-shaper/test/
import assert from 'node:assert/strict';
import { test } from 'node:test';

import { QueryError, literal, normalize, parseQuery } from '../query.js';

test('every clause parses, split by | and new lines', () => {
  const q = parseQuery('where age >= 30 and address.city = "Oslo | x"\nselect name, age | sort -age | limit 5 | group by a.b sum c avg d');
  assert.deepEqual(q, [
    { kind: 'where', conditions: [{ field: 'age', op: '>=', value: 30 }, { field: 'address.city', op: '=', value: 'Oslo | x' }] },
    { kind: 'select', fields: ['name', 'age'] },
    { kind: 'sort', field: 'age', descending: true },
    { kind: 'limit', n: 5 },
    { kind: 'group', by: 'a.b', aggregates: [{ fn: 'sum', field: 'c' }, { fn: 'avg', field: 'd' }] },
  ]);
});

test('operators: longest first, contains needs spaces', () => {
  const ops = ['a != 1', 'a <= 1', 'a >= 1', 'a = 1', 'a < 1', 'a > 1', 'tags contains admin'];
  assert.deepEqual(ops.map((c) => parseQuery(`where ${c}`)[0].conditions[0].op), ['!=', '<=', '>=', '=', '<', '>', 'contains']);
});

test('literals', () => {
  assert.deepEqual(['42', '-1.5e3', 'true', 'false', 'null', '"a b"', "'x'", 'Oslo'].map(literal), [42, -1500, true, false, null, 'a b', 'x', 'Oslo']);
});

test('bad queries say which clause and why', () => {
  const cases = {
    'filter a': "Clause 1: unknown clause 'filter'; use where, select, sort, limit or group by.",
    'limit 1 | where a ~ 1': "Clause 2: expected FIELD OP VALUE with OP one of = != <= >= < > contains; got 'a ~ 1'.",
    'limit many': "Clause 1: limit must be a whole number from 0 to 100000, not 'many'.",
    'limit 100001': "Clause 1: limit must be a whole number from 0 to 100000, not '100001'.",
    'select a, 1x': "Clause 1: '1x' is not a field name (letters, digits, _ and dots).",
    'group a': "Clause 1: expected 'group by FIELD [sum FIELD] [avg FIELD]'.",
  };
  for (const [query, reason] of Object.entries(cases)) {
    assert.throws(() => parseQuery(query), (e) => e instanceof QueryError && e.message === reason, query);
  }
});

test('queries are capped', () => {
  assert.throws(() => parseQuery('limit 1 | '.repeat(51)), /51 clauses; the limit is 50/);
  assert.throws(() => parseQuery('x'.repeat(4097)), /4097 characters; the limit is 4096/);
});

test('normalize joins clauses on one line', () => {
  assert.equal(normalize(' where a = 1 \n\n sort -a|limit 2 '), 'where a = 1 | sort -a | limit 2');
});
