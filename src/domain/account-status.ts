/**
 * An account's status as people read it. Three statuses follow the money on their own: Active,
 * Past Due and Paid Off. Any other (Closed, Charged Off, Pending, a lender's own) is a person's
 * decision and is shown as it was set.
 */
export const automaticStatuses = ['Active', 'Past Due', 'Paid Off'] as const;

export type Standing = 'current' | 'past_due' | 'paid_off';

export function isAutomaticStatus(status: string): boolean {
  return (automaticStatuses as readonly string[]).includes(status);
}

/**
 * The status to show and store for an account standing as `standing`. A line of credit at a zero
 * balance stays open (Active): only installments paid to zero are Paid Off.
 */
export function statusFor(stored: string, standing: Standing, kind: 'loan' | 'line'): string {
  if (!isAutomaticStatus(stored)) return stored;
  if (standing === 'paid_off' && kind === 'loan') return 'Paid Off';
  return standing === 'past_due' ? 'Past Due' : 'Active';
}
