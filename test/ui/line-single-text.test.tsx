/** @jsxRuntime automatic */
/**
 * Line draws a row as one <Text> holding the styled string (cheaper for Ink than a nested
 * <Text> per segment). Ink must draw exactly what the nested form drew: same characters, same
 * colour codes, at any width, with and without --ascii.
 */
import '../helpers/ink-test-env.js';
import './force-color.js';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import fc from 'fast-check';
import { Box } from 'ink';
import { render } from 'ink-testing-library';
import { Line, LineContext, LineOfNestedTexts, type Seg } from '../../source/ui/span.js';

const COLORS = [
  undefined,
  'cyan',
  'gray',
  'red',
  'redBright',
  'yellow',
  'green',
  'magenta',
  'blue',
  'white',
  '#ff8800',
];

const seg: fc.Arbitrary<Seg> = fc.record(
  {
    text: fc.oneof(
      fc.string({ maxLength: 12 }),
      fc.constantFrom('╭╮╰╯─┤', '▁▂▃▄▅▆▇█', '45.2MiB', 'µs', '请求', '…', ' '),
    ),
    color: fc.constantFrom(...COLORS),
    bold: fc.boolean(),
    inverse: fc.boolean(),
    dim: fc.boolean(),
  },
  { requiredKeys: ['text'] },
);

function frame(
  Row: typeof Line,
  rows: Seg[][],
  width: number,
  ascii: boolean,
  color: boolean,
): string {
  const app = render(
    <LineContext.Provider value={{ width, ascii }}>
      <Box flexDirection="column" width={width}>
        {rows.map((segs, i) => (
          // biome-ignore lint/suspicious/noArrayIndexKey: rows are fixed for the frame
          <Row key={i} segs={segs} color={color} />
        ))}
      </Box>
    </LineContext.Provider>,
  );
  const out = app.lastFrame() ?? '';
  app.unmount();
  return out;
}

test('rows as one styled string draw exactly as rows of nested <Text>s', () => {
  fc.assert(
    fc.property(
      fc.array(fc.array(seg, { maxLength: 8 }), { minLength: 1, maxLength: 6 }),
      fc.integer({ min: 1, max: 60 }),
      fc.boolean(),
      fc.boolean(),
      (rows, width, ascii, color) => {
        const single = frame(Line, rows, width, ascii, color);
        const nested = frame(LineOfNestedTexts, rows, width, ascii, color);
        assert.equal(single, nested);
      },
    ),
    { numRuns: 300 },
  );
});

test('the colour codes are really there (the comparison above is not between plain texts)', () => {
  const out = frame(
    Line,
    [
      [
        { text: 'gc 12', color: 'cyan', bold: true },
        { text: ' LIVE ', color: 'green', inverse: true },
      ],
    ],
    40,
    false,
    true,
  );
  assert.match(out, /\u001b\[36m/);
  assert.match(out, /\u001b\[7m/);
});
