import { Box } from 'ink';
import { fit, type HeaderInput, headerBadge, headerItems, joinFitting } from './lines.js';
import { Line } from './span.js';

export interface HeaderProps extends HeaderInput {
  rows: number;
  width: number;
  color: boolean;
}

/** Command, pid, state, uptime, GC count, GOMAXPROCS, GOGC/GOMEMLIMIT; pprof URL and session; LIVE/PAUSED badge. */
export function Header(props: HeaderProps) {
  const { rows, width, color } = props;
  const badge = ` ${headerBadge(props)} `;
  const { first, second } = headerItems(props);
  const left = width - badge.length - 1;
  const line1 = fit(joinFitting(rows > 1 ? first : [...first, ...second], left), left);
  const exited = props.snapshot.child.state === 'exited';
  const badgeColor = props.paused ? 'yellow' : props.following ? 'green' : 'cyan';
  return (
    <Box flexDirection="column" height={rows} overflowY="hidden">
      <Line
        segs={[
          { text: `${line1} `, color: exited ? 'red' : undefined, bold: true },
          { text: badge, color: badgeColor, inverse: true, bold: true },
        ]}
        color={color}
      />
      {rows > 1 ? (
        <Line segs={[{ text: joinFitting(second, width), dim: true }]} color={color} />
      ) : null}
    </Box>
  );
}
