// {{name}}: a Skillhost skill. Build it with `skillhost skill build`.
import { artifact, completed, defineSkill, fail, inputRequired, progress, textOf } from './skillhost.js';

export const skill = defineSkill({
  skills: [{ id: '{{name}}', name: '{{name}}', description: 'Greets whoever writes.', tags: ['example'] }],
  run(turn) {
    const name = textOf(turn.message).trim();
    if (name === '') return inputRequired('Who should I greet?');
    if (name === 'fail') return fail('asked to fail');
    progress('composing a greeting');
    artifact('greeting', 'greeting', `Hello, ${name}!`);
    return completed();
  },
});
