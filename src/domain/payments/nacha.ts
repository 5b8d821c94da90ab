/**
 * NACHA (ACH) file writer: fixed-width 94-character records, blocked by 10. Everything is validated
 * before any record is built, so a bad entry never yields half a file. Error messages name the
 * entry and field but never echo values: they may land in logs and contain account numbers.
 */
import { isIsoDate } from '../dates';
import { abaCheckDigitValid, abaPrefixAssigned, normalizeAccountNumber } from './aba';

export interface NachaFileConfig {
  /** The receiving point's 9-digit routing number (usually the ODFI's or the Fed's). */
  immediateDestination: string;
  immediateDestinationName: string;
  /** Exactly 10 characters as the bank specifies: ' ' + routing or '1' + EIN. */
  immediateOrigin: string;
  immediateOriginName: string;
  companyName: string;
  /** Up to 10 characters, usually '1' + EIN. */
  companyId: string;
  /** The originating bank's 9-digit routing number; its first 8 digits start every trace number. */
  odfiRouting: string;
  /** Up to 10 characters, e.g. 'LOAN PMT' (not 'PURCHASE': loan repayments are not goods). */
  companyEntryDescription: string;
  lineEnding?: '\n' | '\r\n';
  /** Up to 8 characters. */
  referenceCode?: string;
}

/** PPD: written authorisation; WEB: given online; TEL: given by telephone (debits only). */
export type SecCode = 'PPD' | 'WEB' | 'TEL';

export interface NachaEntry {
  secCode: SecCode;
  accountType: 'checking' | 'savings';
  direction: 'debit' | 'credit';
  routing: string;
  /** 4–17 digits; spaces and dashes are ignored. */
  accountNumber: string;
  /** Cents, integer, 1 to 10^10 − 1; must be 0 for a prenote. */
  amount: number;
  /** Up to 15 characters, e.g. the payment reference; refused rather than truncated. */
  individualId: string;
  /** Truncated to 22 characters. */
  individualName: string;
  /** ISO YYYY-MM-DD. */
  effectiveDate: string;
  /** WEB and TEL only (their payment type code): recurring or single (default). */
  paymentType?: 'R' | 'S';
  prenote?: boolean;
}

export interface NachaSummary {
  batches: number;
  entries: number;
  totalDebits: number;
  totalCredits: number;
  /** 10 digits. */
  entryHash: string;
  blockCount: number;
  /** traceNumbers[i] belongs to entries[i], for matching returns and notices of change. */
  traceNumbers: string[];
}

export class NachaError extends Error {
  readonly problems: readonly string[];
  constructor(message: string, problems: readonly string[] = [message]) {
    super(message);
    this.name = 'NachaError';
    this.problems = problems;
  }
}

const RECORD = 94;
const MAX_AMOUNT = 9_999_999_999;
const MAX_TOTAL = 999_999_999_999;
const HASH_MOD = 10_000_000_000;

/** Upper-case printable ASCII: diacritics are stripped (NFD), anything else non-ASCII is dropped. */
export function nachaText(value: unknown): string {
  if (typeof value !== 'string') return '';
  return value
    .normalize('NFD')
    .toUpperCase() // before dropping: 'ß' becomes 'SS'
    .normalize('NFD')
    .replace(/\s+/g, ' ')
    .replace(/[^\x20-\x7E]/g, '')
    .trim();
}

function alpha(value: string, width: number): string {
  return value.slice(0, width).padEnd(width, ' ');
}

function num(value: number, width: number): string {
  const s = String(value).padStart(width, '0');
  if (s.length !== width || !/^\d+$/.test(s)) throw new NachaError(`internal: ${width}-digit field overflow`);
  return s;
}

function yymmdd(iso: string): string {
  return iso.slice(2, 4) + iso.slice(5, 7) + iso.slice(8, 10);
}

function routingIssue(value: unknown): string | null {
  if (typeof value !== 'string' || !/^\d{9}$/.test(value)) return 'must be a 9-digit routing number';
  if (!abaCheckDigitValid(value)) return 'routing number fails the ABA check digit';
  if (!abaPrefixAssigned(value)) return 'routing number has an unassigned prefix';
  return null;
}

interface Plan {
  text: { destName: string; originName: string; companyName: string; companyId: string; description: string; reference: string };
  entries: { e: NachaEntry; account: string; name: string; id: string; paymentType: string }[];
}

function validate(config: NachaFileConfig, entries: readonly NachaEntry[], createdAt: { date: string; time: string }, modifier: string): { plan: Plan; problems: string[] } {
  const problems: string[] = [];
  const need = (ok: boolean, where: string, what: string) => {
    if (!ok) problems.push(`${where}: ${what}`);
  };
  const issue = (where: string, value: unknown) => {
    const i = routingIssue(value);
    if (i) problems.push(`${where}: ${i}`);
  };

  issue('config.immediateDestination', config.immediateDestination);
  issue('config.odfiRouting', config.odfiRouting);
  const origin = config.immediateOrigin;
  need(typeof origin === 'string' && /^[ \d]\d{9}$/.test(origin), 'config.immediateOrigin', "must be 10 characters: ' ' + routing number or '1' + EIN");
  if (typeof origin === 'string' && /^ \d{9}$/.test(origin)) issue('config.immediateOrigin', origin.slice(1));

  const text = {
    destName: nachaText(config.immediateDestinationName),
    originName: nachaText(config.immediateOriginName),
    companyName: nachaText(config.companyName),
    companyId: typeof config.companyId === 'string' ? config.companyId.toUpperCase().trimEnd() : '',
    description: nachaText(config.companyEntryDescription),
    reference: nachaText(config.referenceCode ?? ''),
  };
  need(text.destName !== '', 'config.immediateDestinationName', 'required');
  need(text.originName !== '', 'config.immediateOriginName', 'required');
  need(text.companyName !== '', 'config.companyName', 'required');
  // Identifiers are refused rather than truncated: a cut-off ID would match the wrong thing.
  need(/^[0-9A-Z][0-9A-Z ]{0,9}$/.test(text.companyId), 'config.companyId', 'must be 1–10 letters or digits');
  need(text.description !== '' && text.description.length <= 10, 'config.companyEntryDescription', 'must be 1–10 characters');
  need(text.reference.length <= 8, 'config.referenceCode', 'must be at most 8 characters');
  need(config.lineEnding === undefined || config.lineEnding === '\n' || config.lineEnding === '\r\n', 'config.lineEnding', "must be '\\n' or '\\r\\n'");
  need(/^[0-9A-Z]$/.test(modifier), 'fileIdModifier', 'must be one letter A–Z or digit');
  need(typeof createdAt?.date === 'string' && isIsoDate(createdAt.date), 'createdAt.date', 'must be an ISO date');
  need(typeof createdAt?.time === 'string' && /^([01]\d|2[0-3])[0-5]\d$/.test(createdAt.time), 'createdAt.time', 'must be HHMM');

  need(entries.length > 0, 'entries', 'a file needs at least one entry');
  const planned: Plan['entries'] = [];
  entries.forEach((e, i) => {
    const at = `entries[${i}]`;
    need(e.secCode === 'PPD' || e.secCode === 'WEB' || e.secCode === 'TEL', `${at}.secCode`, "must be 'PPD', 'WEB' or 'TEL'");
    // An oral authorisation can only be for a debit (Nacha: TEL entries are consumer debits).
    if (e.secCode === 'TEL') need(e.direction === 'debit', `${at}.direction`, 'TEL entries are debits only');
    need(e.accountType === 'checking' || e.accountType === 'savings', `${at}.accountType`, "must be 'checking' or 'savings'");
    need(e.direction === 'debit' || e.direction === 'credit', `${at}.direction`, "must be 'debit' or 'credit'");
    need(e.prenote === undefined || typeof e.prenote === 'boolean', `${at}.prenote`, 'must be true or false');
    issue(`${at}.routing`, e.routing);
    const account = typeof e.accountNumber === 'string' ? normalizeAccountNumber(e.accountNumber) : '';
    need(/^\d{4,17}$/.test(account), `${at}.accountNumber`, 'must be 4–17 digits');
    if (e.prenote) need(e.amount === 0, `${at}.amount`, 'a prenote moves no money: must be 0');
    else need(Number.isSafeInteger(e.amount) && e.amount > 0 && e.amount <= MAX_AMOUNT, `${at}.amount`, 'must be whole cents from 1 to 9999999999');
    const id = typeof e.individualId === 'string' ? e.individualId.toUpperCase() : '';
    need(/^[\x20-\x7E]{0,15}$/.test(id), `${at}.individualId`, 'must be at most 15 ASCII characters');
    const name = nachaText(e.individualName);
    need(name !== '', `${at}.individualName`, 'required (letters or digits after transliteration to ASCII)');
    need(typeof e.effectiveDate === 'string' && isIsoDate(e.effectiveDate), `${at}.effectiveDate`, 'must be an ISO date');
    // Positions 77–78 are the payment type code in WEB and TEL entries, discretionary data (blank) in PPD.
    const typed = e.secCode === 'WEB' || e.secCode === 'TEL';
    if (typed) need(e.paymentType === undefined || e.paymentType === 'R' || e.paymentType === 'S', `${at}.paymentType`, "must be 'R' or 'S'");
    else need(e.paymentType === undefined, `${at}.paymentType`, 'applies to WEB and TEL entries only');
    planned.push({ e, account, name, id, paymentType: typed ? `${e.paymentType ?? 'S'} ` : '  ' });
  });
  return { plan: { text, entries: planned }, problems };
}

interface Batch {
  sec: string;
  date: string;
  indexes: number[];
  serviceClass: '200' | '220' | '225';
  debits: number;
  credits: number;
  hash: number;
}

/** One batch per (SEC code, effective date), in order of first appearance; the service class follows from its entries. */
function group(entries: readonly NachaEntry[]): Batch[] {
  const byKey = new Map<string, Batch>();
  entries.forEach((e, i) => {
    const key = `${e.secCode}|${e.effectiveDate}`;
    let b = byKey.get(key);
    if (!b) byKey.set(key, (b = { sec: e.secCode, date: e.effectiveDate, indexes: [], serviceClass: '200', debits: 0, credits: 0, hash: 0 }));
    b.indexes.push(i);
    const amount = e.prenote ? 0 : e.amount;
    if (e.direction === 'debit') b.debits += amount;
    else b.credits += amount;
    b.hash += Number(e.routing.slice(0, 8));
  });
  for (const b of byKey.values()) {
    const dirs = new Set(b.indexes.map((i) => entries[i]?.direction));
    b.serviceClass = dirs.size > 1 ? '200' : dirs.has('debit') ? '225' : '220';
    b.hash %= HASH_MOD;
  }
  return [...byKey.values()];
}

function transactionCode(e: NachaEntry): string {
  const base = e.accountType === 'checking' ? 20 : 30;
  return String(base + (e.direction === 'debit' ? (e.prenote ? 8 : 7) : e.prenote ? 3 : 2));
}

export function buildNachaFile(
  config: NachaFileConfig,
  entries: NachaEntry[],
  createdAt: { date: string; time: string },
  fileIdModifier = 'A',
): { text: string; summary: NachaSummary } {
  const modifier = typeof fileIdModifier === 'string' ? fileIdModifier.toUpperCase() : '';
  const { plan, problems } = validate(config, entries, createdAt, modifier);
  if (problems.length === 0) {
    // Field capacity limits, checked before any record is built.
    const batches = group(entries);
    const debits = batches.reduce((s, b) => s + b.debits, 0);
    const credits = batches.reduce((s, b) => s + b.credits, 0);
    const lines = 2 + 2 * batches.length + entries.length;
    if (entries.length > 9_999_999) problems.push('entries: more than 9999999 entries do not fit the 7-digit trace sequence');
    if (batches.some((b) => b.indexes.length > 999_999)) problems.push('entries: a batch has more than 999999 entries');
    if (debits > MAX_TOTAL) problems.push('entries: total debits exceed the 12-digit total field');
    if (credits > MAX_TOTAL) problems.push('entries: total credits exceed the 12-digit total field');
    if (Math.ceil(lines / 10) > 999_999) problems.push('entries: the file exceeds 999999 blocks');
    if (problems.length === 0) return write(config, plan, batches, createdAt, modifier, { debits, credits, lines });
  }
  const shown = problems.slice(0, 10).join('; ');
  throw new NachaError(problems.length > 10 ? `${shown}; and ${problems.length - 10} more` : shown, problems);
}

function write(
  config: NachaFileConfig,
  plan: Plan,
  batches: Batch[],
  createdAt: { date: string; time: string },
  modifier: string,
  totals: { debits: number; credits: number; lines: number },
): { text: string; summary: NachaSummary } {
  const { text } = plan;
  const odfi8 = config.odfiRouting.slice(0, 8);
  const records: string[] = [
    '1' + '01' + ' ' + config.immediateDestination + config.immediateOrigin + yymmdd(createdAt.date) + createdAt.time + modifier + '094' + '10' + '1' +
      alpha(text.destName, 23) + alpha(text.originName, 23) + alpha(text.reference, 8),
  ];
  const traceNumbers: string[] = new Array<string>(plan.entries.length).fill('');
  let sequence = 0;
  let fileHash = 0;
  batches.forEach((b, bi) => {
    const batchNo = num(bi + 1, 7);
    records.push(
      '5' + b.serviceClass + alpha(text.companyName, 16) + alpha('', 20) + alpha(text.companyId, 10) + b.sec + alpha(text.description, 10) +
        alpha('', 6) + yymmdd(b.date) + '   ' + '1' + odfi8 + batchNo,
    );
    for (const i of b.indexes) {
      const p = plan.entries[i];
      if (!p) continue;
      const trace = odfi8 + num(++sequence, 7);
      traceNumbers[i] = trace;
      records.push(
        '6' + transactionCode(p.e) + p.e.routing + alpha(p.account, 17) + num(p.e.prenote ? 0 : p.e.amount, 10) + alpha(p.id, 15) + alpha(p.name, 22) +
          p.paymentType + '0' + trace,
      );
    }
    fileHash = (fileHash + b.hash) % HASH_MOD;
    records.push(
      '8' + b.serviceClass + num(b.indexes.length, 6) + num(b.hash, 10) + num(b.debits, 12) + num(b.credits, 12) + alpha(text.companyId, 10) +
        alpha('', 19) + alpha('', 6) + odfi8 + batchNo,
    );
  });
  const blockCount = Math.ceil(totals.lines / 10);
  records.push(
    '9' + num(batches.length, 6) + num(blockCount, 6) + num(plan.entries.length, 8) + num(fileHash, 10) + num(totals.debits, 12) + num(totals.credits, 12) +
      alpha('', 39),
  );
  while (records.length % 10 !== 0) records.push('9'.repeat(RECORD));
  for (const r of records) if (r.length !== RECORD) throw new NachaError(`internal: a record is ${r.length} characters, not ${RECORD}`);

  const eol = config.lineEnding ?? '\n';
  return {
    text: records.join(eol) + eol,
    summary: {
      batches: batches.length,
      entries: plan.entries.length,
      totalDebits: totals.debits,
      totalCredits: totals.credits,
      entryHash: num(fileHash, 10),
      blockCount,
      traceNumbers,
    },
  };
}
