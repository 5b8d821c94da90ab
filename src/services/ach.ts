import type { Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import type { IsoDate } from '../domain/dates';
import { buildNachaFile, NachaError, type NachaEntry } from '../domain/payments/nacha';
import { routingProblem } from '../domain/payments/aba';
import { nextBankingDay } from '../domain/payments/banking-days';
import { decryptString, DecryptError, type DataKeys } from '../lib/secrets';
import { ServiceError } from './errors';
import { paymentSettingsOf } from './payment-settings';

/**
 * The NACHA file of a payment day: every bank debit dated that day (WEB entries, as borrowers
 * authorise them online), built only if every routing number and field is valid. The entries'
 * effective date is that day, or the next banking day when it falls on a weekend or a Federal
 * Reserve holiday (banks do not settle then).
 */
export async function nachaFileFor(tdb: TenantDb, tenant: Tenant, keys: DataKeys, day: IsoDate, now: Date): Promise<{ text: string; fileName: string; entries: number; total: number }> {
  const payments = await tdb.payments.bankOn(day);
  if (payments.length === 0) throw new ServiceError('not_found', `No bank payments are drawn on ${day}.`);
  const entries: NachaEntry[] = [];
  const problems: string[] = [];
  for (const p of payments) {
    const method = await tdb.paymentMethods.find(p.paymentMethodId);
    if (!method?.routingNumber || !method.accountNumberEncrypted) {
      problems.push(`Payment ${p.reference} has no bank account on file.`);
      continue;
    }
    if (routingProblem(method.routingNumber)) {
      problems.push(`Payment ${p.reference}: the routing number on file is not valid.`);
      continue;
    }
    let accountNumber: string;
    try {
      accountNumber = await decryptString(keys, method.accountNumberEncrypted, `${tenant.id}:payment_method:${method.id}:account_number`);
    } catch (error) {
      if (!(error instanceof DecryptError)) throw error;
      problems.push(`Payment ${p.reference}: the account number on file cannot be read.`);
      continue;
    }
    entries.push({
      secCode: 'WEB', accountType: method.accountType ?? 'checking', direction: 'debit', routing: method.routingNumber, accountNumber,
      amount: p.amount + p.fee, individualId: p.reference, individualName: method.holderName, effectiveDate: nextBankingDay(day), paymentType: p.source === 'autopay' ? 'R' : 'S',
    });
  }
  if (problems.length > 0) throw new ServiceError('invalid', `The file was not built: ${problems.join(' ')}`);
  const { ach } = paymentSettingsOf(tenant);
  const stamp = new Intl.DateTimeFormat('en-CA', { timeZone: tenant.timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (t: string) => stamp.find((x) => x.type === t)?.value ?? '00';
  try {
    const { text, summary } = buildNachaFile({ ...ach, lineEnding: '\r\n' }, entries, { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}${part('minute')}` });
    return { text, fileName: `ach-${tenant.slug}-${day}.ach`, entries: summary.entries, total: summary.totalDebits };
  } catch (error) {
    // The writer names each bad field (never the account number); nothing is produced.
    if (error instanceof NachaError) throw new ServiceError('invalid', `The file was not built: ${error.problems.length > 0 ? error.problems.join(' ') : error.message}`);
    throw error;
  }
}
