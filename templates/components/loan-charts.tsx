import { formatCents } from '../../src/domain/money';
import { formatDay } from '../../src/lib/format';
import { LineChart, PieChart } from './charts';

interface Row {
  dueDate: string;
  principal: number;
  interest: number;
  balance: number;
}

/** Charts and the schedule table of a loan, shared by the borrower's summary and the staff account page. */

/** How much of a loan's principal is paid: a pie with its caption (borrower summary and staff account page). */
export function PrincipalPaidPie({ paid, schedule }: { paid: number; schedule: readonly Row[] }) {
  const total = schedule.reduce((s, r) => s + r.principal, 0);
  return (
    <figure>
      <PieChart
        label={`Paid ${formatCents(paid)} of ${formatCents(total)} principal`}
        parts={[
          { name: 'Principal paid', value: paid, color: 'var(--brand-primary, #1f4e79)' },
          { name: 'Principal left', value: Math.max(0, total - paid), color: 'var(--brand-accent, #c2410c)' },
        ]}
      />
      <figcaption>
        {formatCents(paid)} paid of {formatCents(total)}
      </figcaption>
    </figure>
  );
}

/** A lease's payments made of its total: a pie with its caption. */
export function LeasePaidPie({ paid, schedule }: { paid: number; schedule: readonly (Row & { payment: number })[] }) {
  const total = schedule.reduce((s, r) => s + r.payment, 0);
  return (
    <figure>
      <PieChart
        label={`Paid ${formatCents(paid)} of ${formatCents(total)} in lease payments`}
        parts={[
          { name: 'Lease payments made', value: Math.min(paid, total), color: 'var(--brand-primary, #1f4e79)' },
          { name: 'Lease payments left', value: Math.max(0, total - paid), color: 'var(--brand-accent, #c2410c)' },
        ]}
      />
      <figcaption>
        {formatCents(Math.min(paid, total))} paid of {formatCents(total)} in lease payments
      </figcaption>
    </figure>
  );
}

/**
 * The balance as scheduled falling, and cumulative principal and interest paid, payment by payment.
 * A lease draws what is left of its payments (falling to nothing: the residual is a purchase price,
 * owed only to buy the vehicle), with depreciation and rent charge paid.
 */
export function ScheduleLines({ schedule, lease = false }: { schedule: readonly (Row & { payment: number })[]; lease?: boolean }) {
  let principal = 0;
  let interest = 0;
  let left = schedule.reduce((s, r) => s + r.payment, 0);
  const points = schedule.map((r) => {
    principal += r.principal;
    interest += r.interest;
    left -= r.payment;
    return { x: r.dueDate, balance: lease ? left : r.balance, principal, interest };
  });
  return (
    <LineChart
      label={lease ? 'Lease payments left falling, and cumulative depreciation and rent charge paid, by payment date' : 'Principal balance falling and cumulative principal and interest paid, by payment date'}
      series={[
        { name: lease ? 'Lease payments left' : 'Balance', color: 'var(--brand-primary, #1f4e79)', points: points.map((p) => ({ x: p.x, y: p.balance })) },
        { name: lease ? 'Depreciation paid' : 'Principal paid', color: 'var(--brand-accent, #c2410c)', points: points.map((p) => ({ x: p.x, y: p.principal })) },
        { name: lease ? 'Rent charge paid' : 'Interest paid', color: '#6b7280', points: points.map((p) => ({ x: p.x, y: p.interest })) },
      ]}
    />
  );
}

const stateNames = { paid: 'Paid', missed: 'Missed', due: 'Due today', upcoming: 'Upcoming' } as const;

/** The schedule, payment by payment, as a table (the charts' text alternative, and the staff schedule). */
export function ScheduleTable({ schedule, caption, states, lease = false }: { schedule: readonly (Row & { number: number; payment: number })[]; caption: string; states?: readonly { number: number; state: keyof typeof stateNames; unpaid: number }[]; lease?: boolean }) {
  const byNumber = new Map((states ?? []).map((s) => [s.number, s]));
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Due</th>
          <th scope="col">Payment</th>
          <th scope="col">{lease ? 'Depreciation' : 'Principal'}</th>
          <th scope="col">{lease ? 'Rent charge' : 'Interest'}</th>
          <th scope="col">{lease ? 'Value after' : 'Balance after'}</th>
          {states ? <th scope="col">Status</th> : null}
        </tr>
      </thead>
      <tbody>
        {schedule.map((r) => {
          const st = byNumber.get(r.number);
          return (
            <tr class={`schedule-row${st ? ` schedule-${st.state}` : ''}`}>
              <th scope="row" data-label="#">{r.number}</th>
              <td data-label="Due">{formatDay(r.dueDate)}</td>
              <td data-label="Payment">{formatCents(r.payment)}</td>
              <td data-label={lease ? 'Depreciation' : 'Principal'}>{formatCents(r.principal)}</td>
              <td data-label={lease ? 'Rent charge' : 'Interest'}>{formatCents(r.interest)}</td>
              <td data-label={lease ? 'Value after' : 'Balance after'}>{formatCents(r.balance)}</td>
              {st ? (
                <td data-label="Status">
                  <span class={`status-badge schedule-state-${st.state}`}>{stateNames[st.state]}</span>
                  {st.state !== 'paid' && st.unpaid < r.payment ? <span class="muted"> {formatCents(st.unpaid)} left</span> : null}
                </td>
              ) : null}
            </tr>
          );
        })}
      </tbody>
    </table>
  );
}
