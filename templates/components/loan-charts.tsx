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

/** The balance as scheduled falling, and cumulative principal and interest paid, payment by payment. */
export function ScheduleLines({ schedule }: { schedule: readonly Row[] }) {
  let principal = 0;
  let interest = 0;
  const points = schedule.map((r) => {
    principal += r.principal;
    interest += r.interest;
    return { x: r.dueDate, balance: r.balance, principal, interest };
  });
  return (
    <LineChart
      label="Principal balance falling and cumulative principal and interest paid, by payment date"
      series={[
        { name: 'Balance', color: 'var(--brand-primary, #1f4e79)', points: points.map((p) => ({ x: p.x, y: p.balance })) },
        { name: 'Principal paid', color: 'var(--brand-accent, #c2410c)', points: points.map((p) => ({ x: p.x, y: p.principal })) },
        { name: 'Interest paid', color: '#6b7280', points: points.map((p) => ({ x: p.x, y: p.interest })) },
      ]}
    />
  );
}

/** The schedule, payment by payment, as a table (the charts' text alternative, and the staff schedule). */
export function ScheduleTable({ schedule, caption }: { schedule: readonly (Row & { number: number; payment: number })[]; caption: string }) {
  return (
    <table class="table">
      <caption>{caption}</caption>
      <thead>
        <tr>
          <th scope="col">#</th>
          <th scope="col">Due</th>
          <th scope="col">Payment</th>
          <th scope="col">Principal</th>
          <th scope="col">Interest</th>
          <th scope="col">Balance after</th>
        </tr>
      </thead>
      <tbody>
        {schedule.map((r) => (
          <tr class="schedule-row">
            <th scope="row" data-label="#">{r.number}</th>
            <td data-label="Due">{formatDay(r.dueDate)}</td>
            <td data-label="Payment">{formatCents(r.payment)}</td>
            <td data-label="Principal">{formatCents(r.principal)}</td>
            <td data-label="Interest">{formatCents(r.interest)}</td>
            <td data-label="Balance after">{formatCents(r.balance)}</td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
