/** @jsxRuntime automatic */
/**
 * shareInkStyledChars (ink-text-cache.ts) lets Ink reuse the styled characters of a line
 * across frames. Frames must come out exactly as without it, for the same and for changed
 * text, and the cache must stay bounded. This file renders plain Ink first, before the
 * sharing is installed in this process, to have frames made without it.
 */
import '../helpers/ink-test-env.js';
import './force-color.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { Box, Text } from 'ink';
import { render } from 'ink-testing-library';
import { sharedStyledCharsSize, shareInkStyledChars } from '../../source/ui/ink-text-cache.js';
import { tick } from './frame-helpers.js';

function Rows({ rows }: { rows: string[] }) {
  return (
    <Box flexDirection="column">
      {rows.map((r, i) => (
        <Text
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are positions
          key={i}
          color={i % 3 === 0 ? 'red' : i % 3 === 1 ? 'green' : undefined}
          bold={i % 2 === 0}
        >
          {r}
        </Text>
      ))}
    </Box>
  );
}

async function frameOf(rows: string[]): Promise<string> {
  const app = render(<Rows rows={rows} />);
  await tick(20);
  const frame = app.lastFrame() ?? '';
  app.unmount();
  return frame;
}

const one = [
  'gc 12 @3.2s ── ╭╮ µs',
  '请求已完成 ✅',
  'e\u0301te\u0301 naïve',
  '\u001b[35mpre-styled\u001b[39m text',
];
const two = [
  'gc 13 @3.4s ── ╰╯ ms',
  '请求已完成 ✅',
  'other text',
  '\u001b[36mpre-styled\u001b[39m text',
];

test('frames are the same with styled characters shared across frames, and the cache stays bounded', async () => {
  const refOne = await frameOf(one);
  const refTwo = await frameOf(two);
  assert.match(refOne, /\u001b\[/, 'the frames carry colour');
  assert.equal(await shareInkStyledChars(), true, 'found Ink 6 Output caches');
  for (let round = 0; round < 3; round++) {
    assert.equal(await frameOf(one), refOne, `round ${round}: same text`);
    assert.equal(await frameOf(two), refTwo, `round ${round}: changed text`);
  }
  assert.ok(sharedStyledCharsSize() > 0, 'lines are held');
  for (let i = 0; i < 40; i++)
    await frameOf(Array.from({ length: 30 }, (_, k) => `distinct ${i} ${k}`));
  assert.ok(sharedStyledCharsSize() <= 512, `${sharedStyledCharsSize()} lines held`);
});
