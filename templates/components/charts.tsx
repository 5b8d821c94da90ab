import { formatCents } from '../../src/domain/money';

/**
 * Server-rendered SVG charts: no script, a <title> on each mark for hover details, role="img" with
 * a label, and the caller always prints the same numbers as a table next to them.
 */
export function PieChart({ label, parts }: { label: string; parts: { name: string; value: number; color: string }[] }) {
  const total = parts.reduce((s, p) => s + Math.max(0, p.value), 0);
  const r = 60;
  const c = 2 * Math.PI * r;
  let offset = 0;
  return (
    <svg viewBox="0 0 160 160" width="160" height="160" role="img" aria-label={label} class="chart">
      <circle cx="80" cy="80" r={r} fill="none" stroke="#e5e7eb" stroke-width="28" />
      {parts.map((p) => {
        const share = total > 0 ? Math.max(0, p.value) / total : 0;
        const dash = share * c;
        const el = (
          <circle cx="80" cy="80" r={r} fill="none" stroke={p.color} stroke-width="28" stroke-dasharray={`${dash} ${c - dash}`} stroke-dashoffset={-offset} transform="rotate(-90 80 80)">
            <title>{`${p.name}: ${formatCents(p.value)} (${Math.round(share * 100)}%)`}</title>
          </circle>
        );
        offset += dash;
        return el;
      })}
    </svg>
  );
}

export interface Series {
  name: string;
  color: string;
  points: { x: string; y: number }[];
}

/** Lines over dates (x labels are ISO dates), y in cents. */
export function LineChart({ label, series }: { label: string; series: Series[] }) {
  const w = 560;
  const h = 220;
  const pad = { l: 64, r: 12, t: 12, b: 28 };
  const xs = series[0]?.points.map((p) => p.x) ?? [];
  const max = Math.max(1, ...series.flatMap((s) => s.points.map((p) => p.y)));
  const x = (i: number) => pad.l + (xs.length <= 1 ? 0 : (i * (w - pad.l - pad.r)) / (xs.length - 1));
  const y = (v: number) => pad.t + (1 - v / max) * (h - pad.t - pad.b);
  const ticks = [0, 0.5, 1].map((f) => Math.round(max * f));
  const every = Math.max(1, Math.ceil(xs.length / 6));
  return (
    <figure class="line-chart">
    <svg viewBox={`0 0 ${w} ${h}`} role="img" aria-label={label} class="chart chart-wide">
      {ticks.map((t) => (
        <g>
          <line x1={pad.l} x2={w - pad.r} y1={y(t)} y2={y(t)} stroke="#e5e7eb" />
          <text x={pad.l - 6} y={y(t) + 4} text-anchor="end" font-size="11" fill="#4b5563">
            {formatCents(t).replace(/\.\d\d$/, '')}
          </text>
        </g>
      ))}
      {xs.map((d, i) =>
        i % every === 0 ? (
          <text x={x(i)} y={h - 8} text-anchor="middle" font-size="11" fill="#4b5563">
            {d.slice(0, 7)}
          </text>
        ) : null,
      )}
      {series.map((s) => (
        <g>
          <polyline fill="none" stroke={s.color} stroke-width="2.5" points={s.points.map((p, i) => `${x(i).toFixed(1)},${y(p.y).toFixed(1)}`).join(' ')} />
          {s.points.map((p, i) =>
            i % every === 0 || i === s.points.length - 1 ? (
              <circle cx={x(i)} cy={y(p.y)} r="3" fill={s.color}>
                <title>{`${s.name}, ${p.x}: ${formatCents(p.y)}`}</title>
              </circle>
            ) : null,
          )}
        </g>
      ))}
    </svg>
    <figcaption>
      <ul class="legend">
        {series.map((s) => (
          <li>
            <svg viewBox="0 0 12 12" width="12" height="12" aria-hidden="true">
              <rect width="12" height="12" rx="2" fill={s.color} />
            </svg>{' '}
            {s.name}
          </li>
        ))}
      </ul>
    </figcaption>
    </figure>
  );
}
