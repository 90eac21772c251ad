/**
 * package.json overrides Ink's string-width with fast-string-width (12× faster on the
 * dashboard's lines, see bench/string-width.bench.ts). Ink lays text out with it, so it must
 * measure what gcdiff draws, and what programs print, exactly as string-width does.
 */
import '../helpers/ink-test-env.js';
import './force-color.js';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { test } from 'node:test';
import fastStringWidth from 'fast-string-width';
import stringWidth from 'string-width-reference';
import { sampleFramesAt } from './sample-frame.js';

test("Ink's string-width is fast-string-width (the override is in effect)", () => {
  const fromInk = createRequire(createRequire(import.meta.url).resolve('ink'));
  const pkg = path.join(path.dirname(fromInk.resolve('string-width')), '..', 'package.json');
  const name = (JSON.parse(readFileSync(pkg, 'utf8')) as { name: string }).name;
  assert.equal(name, 'fast-string-width');
});

test('both measure every line of dashboard frames, and program text, the same', async () => {
  const lines = await sampleFramesAt([
    [200, 50, false],
    [80, 24, false],
    [80, 24, true],
    [40, 12, false],
  ]);
  assert.ok(
    lines.some((l) => /[╭╮╰╯─┤]/.test(l)),
    'the frames hold chart drawing',
  );
  // What programs print into the output pane: CJK, emoji, combining marks, accents.
  lines.push(
    '请求 served 完成',
    'done ✅ 🚀 ok',
    'e\u0301te\u0301',
    'naïve café',
    '\u001b[31mred\u001b[0m',
  );
  const differ = lines.filter((l) => stringWidth(l) !== fastStringWidth(l));
  assert.deepEqual(differ, [], 'lines measured differently');
});
