import type { GcCycle } from '../core/gctrace/types.js';
import { cycleDetail } from './lines.js';
import { Line } from './span.js';

/** Every field of the cycle under the cursor, on one line (abbreviated on narrow screens). */
export function CycleDetail(props: {
  cycle: GcCycle | null;
  seq: number | null;
  width: number;
  color: boolean;
}) {
  const text = cycleDetail(props.cycle, props.seq, props.width);
  const ambiguous = (props.cycle?.ambiguous?.length ?? 0) > 0;
  return (
    <Line
      segs={[{ text, color: ambiguous ? 'yellow' : 'white', bold: true }]}
      color={props.color}
    />
  );
}
