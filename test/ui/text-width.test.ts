/**
 * Rows are clipped by terminal columns, not code points: a program's CJK or emoji output
 * must not make a row wider than the screen (the terminal would wrap it and the whole
 * dashboard would scroll by a line). Widths are checked against the real string-width.
 */
import '../helpers/ink-test-env.js';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import stringWidth from 'string-width-reference';
import { clip, fit } from '../../source/ui/lines.js';
import { clipSegs } from '../../source/ui/span.js';
import { clipToWidth, ONE_COLUMN, textWidth } from '../../source/ui/text-width.js';
import { maxWidth, plainLines } from './frame-helpers.js';
import { sampleFrameLines } from './sample-frame.js';
import { sampleStore } from './sample-session.js';

const SEED = 20261203;
const PIECES = [
  'a',
  'Z',
  ' ',
  '9',
  '─',
  '╭',
  '█',
  'µ',
  '→',
  '请',
  '求',
  '完',
  '✅',
  '🚀',
  '👨‍👩‍👧',
  'é',
  'e\u0301',
  '，',
];
const graphemes = new Intl.Segmenter(undefined, { granularity: 'grapheme' });

describe('terminal width of text', () => {
  it('every character the one-column fast path takes is one column wide in string-width', () => {
    const wrong: string[] = [];
    for (let c = 0; c <= 0xffff; c++) {
      const ch = String.fromCharCode(c);
      if (ONE_COLUMN.test(ch) && stringWidth(ch) !== 1) wrong.push(c.toString(16));
    }
    assert.deepEqual(wrong, []);
  });

  it('textWidth is string-width on mixed text (fixed seed)', () => {
    fc.assert(
      fc.property(fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }), (parts) => {
        const text = parts.join('');
        assert.equal(textWidth(text), stringWidth(text), JSON.stringify(text));
      }),
      { seed: SEED, numRuns: 500 },
    );
  });

  it('clipToWidth keeps the longest prefix of whole characters that fits (fixed seed)', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...PIECES), { maxLength: 40 }),
        fc.integer({ min: 0, max: 50 }),
        (parts, width) => {
          const text = parts.join('');
          const got = clipToWidth(text, width);
          assert.ok(text.startsWith(got), 'a prefix');
          assert.ok(stringWidth(got) <= width, `${stringWidth(got)} > ${width}`);
          const cut = [...graphemes.segment(got)].length;
          const next = [...graphemes.segment(text)][cut];
          if (next)
            assert.ok(stringWidth(got + next.segment) > width, 'the next character would not fit');
        },
      ),
      { seed: SEED, numRuns: 1000 },
    );
  });

  it('clip, fit and clipSegs count wide characters as two columns', () => {
    assert.equal(clip('请求完成', 5), '请求');
    assert.equal(fit('请求', 6), '请求  ');
    assert.equal(stringWidth(fit('✅ ok 请求完成', 9)), 9);
    const segs = clipSegs([{ text: '! ' }, { text: '请求已完成', color: 'red' }], 7, false);
    assert.deepEqual(
      segs.map((s) => s.text),
      ['! ', '请求'],
    );
  });

  it('a CJK and emoji program line stays within 80 columns in the output pane', async () => {
    const store = sampleStore(240);
    const cjk =
      '请求已完成，用户会话数量增加到四十二个，缓存命中率百分之九十七，队列长度为零，一切正常运行中';
    store.addOutput('stderr', `${cjk}\n`);
    store.addOutput('stdout', `deploy ✅ 🚀 ${'rocket '.repeat(12)}\n`);
    const frame = (await sampleFrameLines(80, 24, { color: false, store })).join('\n');
    assert.ok(frame.includes('请求已完成'), 'the CJK line is shown');
    assert.equal(plainLines(frame).length, 24);
    assert.ok(maxWidth(frame) <= 80, `a row is ${maxWidth(frame)} columns wide`);
  });
});
