// Unit tests of documents and shaping (shape.js), with the known numbers of
// testdata/people.json: node --test plugins/json-shaper/test/
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { test } from 'node:test';

import { parseQuery } from '../query.js';
import { InputError, apply, fieldsOf, get, parseDocument, recordsOf, scanJson } from '../shape.js';

const PEOPLE = readFileSync(new URL('../testdata/people.json', import.meta.url), 'utf8');
const people = recordsOf(parseDocument(PEOPLE));
const run = (query, records = people) => apply(records, parseQuery(query));

test('the records of the sample', () => {
  assert.equal(people.length, 150);
  assert.deepEqual(fieldsOf(people), ['id', 'name', 'age', 'active', 'score', 'tags', 'address']);
});

test('where, sort and limit: known answers', () => {
  assert.equal(run('where age > 30').length, 118);
  assert.deepEqual(run('where age > 30 | sort -age | limit 2 | select id, age'), [{ id: 17, age: 77 }, { id: 77, age: 77 }]);
  assert.equal(run('where tags contains "admin" and active = true').length, 28);
  assert.equal(run('where address.city = Oslo and score >= 50').length, 15);
  assert.equal(run('where nothing = 1').length, 0); // a missing field never matches
});

test('group by counts, sums and averages', () => {
  assert.deepEqual(run('group by address.city sum score avg age | sort address.city | limit 2'), [
    { 'address.city': 'Lisbon', count: 25, 'sum(score)': 1370, 'avg(age)': 46.6 },
    { 'address.city': 'Nairobi', count: 25, 'sum(score)': 1285, 'avg(age)': 46.4 },
  ]);
});

test('sorting is stable, numbers before strings, missing values last', () => {
  const rows = [{ v: 'b' }, {}, { v: 2 }, { v: 'a' }, { v: 1 }];
  assert.deepEqual(run('sort v', rows), [{ v: 1 }, { v: 2 }, { v: 'a' }, { v: 'b' }, {}]);
});

test('dotted paths, and keys that hold dots', () => {
  assert.equal(get({ a: { b: 3 } }, 'a.b'), 3);
  assert.equal(get({ 'a.b': 4, a: { b: 3 } }, 'a.b'), 4);
  assert.equal(get({ a: 1 }, 'a.b'), undefined);
});

test('the JSON at the start of a text ends where its brackets close', () => {
  const text = '[{"a":"]}"}, {"b":[1]}]\nlimit 1';
  assert.deepEqual(scanJson(text), { start: 0, end: 23, depth: 3 });
  assert.equal(scanJson('where a = 1'), null);
});

test('documents: wrapped arrays, and refusals that say why', () => {
  assert.equal(recordsOf({ items: [{ a: 1 }], name: 'x' }).length, 1);
  const refused = (f, reason) => assert.throws(f, (e) => e instanceof InputError && e.message.startsWith(reason));
  refused(() => recordsOf({ x: [{}], y: [{}] }), 'The document is an object with 2 arrays of records');
  refused(() => recordsOf([{ a: 1 }, 2]), 'Record 2 is not a JSON object.');
  refused(() => recordsOf('text'), 'The document is not an array of records');
  refused(() => parseDocument('[{"a":1},'), 'Invalid JSON: ');
  refused(() => parseDocument('['.repeat(65) + ']'.repeat(65)), 'The document nests 65 levels deep; the limit is 64.');
  refused(() => parseDocument(' '.repeat(4 * 1024 * 1024 + 1)), 'The document is 4194305 bytes; the limit is 4194304 bytes (4 MiB).');
  refused(() => recordsOf(new Array(100001).fill({})), 'The document has 100001 records; the limit is 100000.');
});
