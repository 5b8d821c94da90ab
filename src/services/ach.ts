import type { Tenant } from '../db/schema';
import type { AchFileSummary } from '../db/repositories/ach';
import type { TenantDb } from '../db/tenant';
import { addDays, localDate, type IsoDate } from '../domain/dates';
import { formatCents } from '../domain/money';
import { routingProblem } from '../domain/payments/aba';
import { nextBankingDay } from '../domain/payments/banking-days';
import { buildNachaFile, NachaError, type NachaEntry } from '../domain/payments/nacha';
import { formatDay } from '../lib/format';
import { sha256Hex } from '../lib/hash';
import { newId } from '../lib/ids';
import { decryptString, DecryptError, encryptString, type DataKeys } from '../lib/secrets';
import { ServiceError } from './errors';
import { achOriginationOf, earliestPaymentDate, paymentSettingsOf } from './payment-settings';

export interface AchDeps {
  keys: DataKeys;
  /** APP_ENV is production: a file is for a real bank, so placeholder origination details are refused. */
  production: boolean;
}

/** What an owner must do before production can build a file, named field by field. */
export const PLACEHOLDER_REFUSAL =
  'Bank files cannot be built yet: the portal still has placeholder origination details. An owner must enter the values your bank (the ODFI) gave you in Settings, under “Bank file (ACH) origination”: the immediate destination and its name, the immediate origin and its name, the company name and company ID, your bank’s routing number and the entry description.';

// A day's files are told apart by the file ID modifier, A–Z then 0–9, unique per creation date.
const MODIFIERS = [...'ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789'];

const fileContext = (tenantId: string, fileId: string) => `${tenantId}:ach_file:${fileId}`;

/** "YYYY-MM-DD" and "HHMM" of an instant in the tenant's zone, as the file header records its creation. */
function creationStamp(now: Date, timeZone: string): { date: IsoDate; time: string } {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).formatToParts(now);
  const part = (t: string) => parts.find((x) => x.type === t)?.value ?? '00';
  return { date: `${part('year')}-${part('month')}-${part('day')}`, time: `${part('hour')}${part('minute')}` };
}

/**
 * The settlement date a file created on `creationDate` asks for: the next banking day after it.
 * A file goes to the bank after the day's cut-off, so an entry dated that same day would already
 * be stale when the bank processes it.
 */
export function effectiveDateFor(creationDate: IsoDate): IsoDate {
  return nextBankingDay(addDays(creationDate, 1));
}

/** A day's file can be built once no more bank payments can be dated that day (after its cut-off). */
function cutoffRefusal(tenant: Tenant, day: IsoDate, now: Date): string | null {
  const settings = paymentSettingsOf(tenant);
  const today = localDate(now, tenant.timeZone);
  if (day > today || (day === today && earliestPaymentDate(settings, now, tenant.timeZone, 'bank') === day)) {
    return `The file for ${formatDay(day)} can be built after the ${settings.cutoffTime} cut-off, when no more payments can be made for that day.`;
  }
  return null;
}

// Batches (one per SEC code) come in this order, whatever order the payments were made in.
const SEC_ORDER: Record<string, number> = { WEB: 0, TEL: 1, PPD: 2 };

async function entriesFor(tdb: TenantDb, tenant: Tenant, keys: DataKeys, day: IsoDate, effectiveDate: IsoDate) {
  const payments = (await tdb.ach.unfiledOn(day)).sort((a, b) => (SEC_ORDER[a.secCode ?? 'WEB'] ?? 0) - (SEC_ORDER[b.secCode ?? 'WEB'] ?? 0));
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
    // The SEC code follows the authorisation (WEB online, TEL by phone, PPD in writing); rows from before it was recorded were all online.
    const secCode = p.secCode ?? 'WEB';
    entries.push({
      secCode, accountType: method.accountType ?? 'checking', direction: 'debit', routing: method.routingNumber, accountNumber,
      amount: p.amount + p.fee, individualId: p.reference, individualName: method.holderName, effectiveDate,
      ...(secCode === 'PPD' ? {} : { paymentType: p.source === 'autopay' ? ('R' as const) : ('S' as const) }),
    });
  }
  return { payments, entries, problems };
}

/**
 * Builds the next NACHA file of a payment day from its bank debits not yet in a file, and records
 * it as sent (who, when, its SHA-256, which payment went in it with which trace number) with its
 * audit row, in one batch. The bytes are kept (encrypted: they hold account numbers), so every
 * download of it is the same file. Entries are batched by SEC code. Refused in production while
 * the origination details are placeholders; elsewhere such a file is marked as test values.
 */
export async function buildAchFile(tdb: TenantDb, tenant: Tenant, deps: AchDeps, day: IsoDate, actorId: string, now: Date): Promise<AchFileSummary> {
  const origination = achOriginationOf(tenant);
  if (deps.production && origination.placeholders) throw new ServiceError('conflict', PLACEHOLDER_REFUSAL);
  const cutoff = cutoffRefusal(tenant, day, now);
  if (cutoff) throw new ServiceError('conflict', cutoff);

  const created = creationStamp(now, tenant.timeZone);
  const effectiveDate = effectiveDateFor(created.date);
  for (let attempt = 1; ; attempt++) {
    const [{ payments, entries, problems }, dayFiles, usedModifiers] = await Promise.all([entriesFor(tdb, tenant, deps.keys, day, effectiveDate), tdb.ach.forDay(day), tdb.ach.modifiersOn(created.date)]);
    if (payments.length === 0) {
      if (dayFiles.length > 0) throw new ServiceError('conflict', `Every bank payment dated ${formatDay(day)} is already in a file sent to the bank: download it again below.`);
      throw new ServiceError('not_found', `No bank payments are drawn on ${formatDay(day)}.`);
    }
    if (problems.length > 0) throw new ServiceError('invalid', `The file was not built: ${problems.join(' ')}`);
    const modifier = MODIFIERS.find((m) => !usedModifiers.includes(m));
    if (!modifier) throw new ServiceError('conflict', `${MODIFIERS.length} files have been created today, as many as a day allows: build this one tomorrow.`);

    let built: ReturnType<typeof buildNachaFile>;
    try {
      // Placeholder files say so in the header's reference code.
      built = buildNachaFile({ ...origination.config, lineEnding: '\r\n', ...(origination.placeholders ? { referenceCode: 'TEST' } : {}) }, entries, created, modifier);
    } catch (error) {
      // The writer names each bad field (never the account number); nothing is produced.
      if (error instanceof NachaError) throw new ServiceError('invalid', `The file was not built: ${error.problems.length > 0 ? error.problems.join(' ') : error.message}`);
      throw error;
    }
    const id = newId();
    const sha256 = await sha256Hex(built.text);
    const file = {
      id, day, seq: Math.max(0, ...dayFiles.map((f) => f.seq)) + 1, creationDate: created.date, creationTime: created.time, fileIdModifier: modifier, effectiveDate,
      entries: built.summary.entries, batches: built.summary.batches, totalDebits: built.summary.totalDebits, sha256,
      contentEncrypted: await encryptString(deps.keys, built.text, fileContext(tenant.id, id)), testValues: origination.placeholders, createdBy: actorId, createdAt: now,
    };
    try {
      await tdb.ach.recordSent(
        file,
        payments.map((p, i) => ({ paymentId: p.id, traceNumber: built.summary.traceNumbers[i]! })),
        {
          actorType: 'agent', actorId, action: 'ach.file-sent', entityType: 'ach_file', entityId: id,
          after: { day, file: `${created.date} ${created.time} ${modifier}`, effectiveDate, entries: file.entries, batches: file.batches, total: formatCents(file.totalDebits), sha256, testValues: file.testValues },
        },
        now,
      );
    } catch (error) {
      // Another build of the same day, or on the same date, got there first: look again (once).
      if (attempt >= 2) throw error;
      continue;
    }
    const { contentEncrypted: _bytes, ...summary } = file;
    return { ...summary, tenantId: tdb.tenantId };
  }
}

export function achFileName(tenant: Tenant, file: Pick<AchFileSummary, 'day' | 'seq'>): string {
  return `ach-${tenant.slug}-${file.day}${file.seq > 1 ? `-${file.seq}` : ''}.ach`;
}

/** A sent file's bytes, exactly as built (checked against the recorded SHA-256). */
export async function sentAchFile(tdb: TenantDb, tenant: Tenant, deps: AchDeps, id: string): Promise<{ text: string; fileName: string; file: AchFileSummary }> {
  const row = await tdb.ach.find(id);
  if (!row) throw new ServiceError('not_found', 'There is no such bank file.');
  if (deps.production && row.testValues) {
    throw new ServiceError('conflict', 'This file was built with the portal’s placeholder origination details (test values): it must not go to a bank. Build the day’s payments into a new file once an owner has entered the bank’s values.');
  }
  const { contentEncrypted, ...file } = row;
  let text: string;
  try {
    text = await decryptString(deps.keys, contentEncrypted, fileContext(tenant.id, id));
  } catch (error) {
    if (!(error instanceof DecryptError)) throw error;
    throw new ServiceError('invalid', 'This file cannot be read with this deployment’s data key, so it cannot be downloaded again.');
  }
  if ((await sha256Hex(text)) !== row.sha256) throw new ServiceError('invalid', 'This file no longer matches the SHA-256 recorded when it was sent, so it is not offered for download.');
  return { text, fileName: achFileName(tenant, file), file };
}

export interface AchDay {
  day: IsoDate;
  count: number;
  total: number;
  /** Payments of the day in no file yet. */
  unfiled: number;
}

export interface AchPageData {
  days: AchDay[];
  files: (AchFileSummary & { builtBy: string })[];
  placeholders: boolean;
  /** The settlement date a file built now would ask for. */
  settlesIfBuiltNow: IsoDate;
}

/** The ACH page: payment days, the files sent (and by whom), and whether origination is still placeholders. */
export async function achPageData(tdb: TenantDb, tenant: Tenant, now: Date): Promise<AchPageData> {
  const [days, files, agents] = await Promise.all([tdb.ach.days(), tdb.ach.list(), tdb.agents.list()]);
  const names = new Map(agents.map((a) => [a.id, a.name]));
  return {
    days,
    files: files.map((f) => ({ ...f, builtBy: names.get(f.createdBy) ?? 'A former member of staff' })),
    placeholders: achOriginationOf(tenant).placeholders,
    settlesIfBuiltNow: effectiveDateFor(creationStamp(now, tenant.timeZone).date),
  };
}
