import type { GcCycle } from '../core/gctrace/types.js';
import { cycleDetail, uncertain } from './lines.js';
import { Line } from './span.js';

/** Every field of the cycle under the cursor, on one line (abbreviated on narrow screens). */
export function CycleDetail(props: {
  cycle: GcCycle | null;
  seq: number | null;
  width: number;
  color: boolean;
}) {
  const text = cycleDetail(props.cycle, props.seq, props.width);
  return (
    <Line
      segs={[
        { text, color: props.cycle && uncertain(props.cycle) ? 'yellow' : 'white', bold: true },
      ]}
      color={props.color}
    />
  );
}
