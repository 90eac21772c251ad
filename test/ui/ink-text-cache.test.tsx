/** @jsxRuntime automatic */
import '../helpers/ink-test-env.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Text } from 'ink';
import { render } from 'ink-testing-library';
import { inkTextCacheSize, inkTextCacheTrimmer } from '../../source/ui/ink-text-cache.js';
import { tick } from './frame-helpers.js';

test("Ink's text-size cache is found, grows with distinct texts, and the trimmer bounds it", async () => {
  const before = await inkTextCacheSize();
  assert.notEqual(before, null, 'the probe found the cache in the pinned Ink');
  const app = render(<Text>start</Text>);
  for (let i = 0; i < 300; i++) {
    app.rerender(<Text>{`distinct text ${i} ${'─'.repeat(i % 7)}`}</Text>);
    await tick(0);
  }
  const grown = (await inkTextCacheSize()) as number;
  assert.ok(grown >= (before as number) + 250, `grew from ${before} to ${grown}`);
  const trim = await inkTextCacheTrimmer(100);
  trim();
  assert.equal(await inkTextCacheSize(), 0, 'emptied once above the bound');
  app.rerender(<Text>after the trim</Text>);
  await tick(10);
  assert.match(
    app.lastFrame() ?? '',
    /after the trim/,
    'Ink still draws after the cache was emptied',
  );
  const small = (await inkTextCacheSize()) as number;
  trim();
  assert.equal(await inkTextCacheSize(), small, 'left alone below the bound');
  app.unmount();
});
