/**
 * Import this before anything that loads `pg`, in tests only. Vitest runs its workers with every
 * resolve condition as a Node `--conditions` flag, `import` included, and Node applies those to
 * `require` too: `pg` (CommonJS) then gets pg-pool's ES module from its `require('pg-pool')`
 * and fails with "Class extends value [object Module]". Putting pg-pool's CommonJS entry in the
 * require cache under the path that require resolves to gives `pg` the class it expects. A relay
 * started normally (`node dist/main.js`) has no such flags and needs none of this.
 *
 *   import './pg-under-vitest.js';
 *   import pg from 'pg';
 */
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';

const fromRelay = createRequire(import.meta.url);
const fromPg = createRequire(fromRelay.resolve('pg'));
const resolved = fromPg.resolve('pg-pool');
if (resolved.endsWith('.mjs')) {
  const cjsEntry = join(dirname(resolved), '..', 'index.js');
  fromPg(cjsEntry);
  const cached = fromPg.cache[cjsEntry];
  if (cached) fromPg.cache[resolved] = cached;
}
