// The top-level help lists commands from their summaries without loading them: each summary must
// be the loaded command's own description, and `candor --help` must list every command.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Command } from 'commander';
import { COMMANDS, loadAll, registrations } from '../../src/cli/commands/index.ts';
import { buildProgram } from '../../src/cli/main.ts';

test('each command summary equals the loaded command description', async () => {
  const loaded = buildProgram(await loadAll());
  for (const c of COMMANDS) {
    const cmd = loaded.commands.find((x) => x.name() === c.name);
    assert.ok(cmd, `command ${c.name} registers itself`);
    assert.equal(c.summary, cmd.description(), `summary of ${c.name}`);
  }
  assert.deepEqual(
    loaded.commands.map((x) => x.name()),
    COMMANDS.map((c) => c.name),
  );
});

test('top-level help lists every command without loading one; a named command loads only itself', async () => {
  const listed = buildProgram(await registrations(['--help']));
  assert.deepEqual(
    listed.commands.map((x) => [x.name(), x.description()]),
    COMMANDS.map((c) => [c.name, c.summary]),
  );
  const own = new Command();
  for (const r of await registrations(['plan', '--n', '10'])) r(own);
  assert.deepEqual(
    own.commands.map((x) => x.name()),
    ['plan'],
  );
  assert.ok(own.commands[0].options.length > 0, 'the loaded plan command has its options');
});
