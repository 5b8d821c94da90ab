/**
 * An independent NACHA file checker, written from the published record layouts rather than from
 * the writer, so the two can catch each other's mistakes. It checks structure and arithmetic, not
 * business rules. Problems name line numbers and fields but never echo account numbers.
 */

export type NachaCheckResult =
  | { ok: true; batches: number; entries: number; totalDebits: number; totalCredits: number }
  | { ok: false; problems: string[] };

const LEN = 94;
const MAX_PROBLEMS = 100;
// Transaction codes by what they do to the receiver's account (checking 2x, savings 3x, GL 4x, loan 5x).
const CREDIT_CODES = new Set([21, 22, 23, 24, 31, 32, 33, 34, 41, 42, 43, 44, 51, 52, 53, 54]);
const DEBIT_CODES = new Set([26, 27, 28, 29, 36, 37, 38, 39, 46, 47, 48, 49, 55, 56]);
// Prenotes and zero-dollar entries must carry no amount.
const ZERO_CODES = new Set([23, 24, 28, 29, 33, 34, 38, 39, 43, 44, 48, 49, 53, 54]);
// Standard Entry Class codes of the Nacha Operating Rules (batch header positions 51–53).
const SEC_CODES = new Set(['ACK', 'ADV', 'ARC', 'ATX', 'BOC', 'CCD', 'CIE', 'COR', 'CTX', 'DNE', 'ENR', 'IAT', 'MTE', 'POP', 'POS', 'PPD', 'RCK', 'SHR', 'TEL', 'TRC', 'TRX', 'WEB', 'XCK']);

/** 1-based inclusive positions, as the layouts are published. */
function field(line: string, from: number, to: number): string {
  return line.slice(from - 1, to);
}

function abaOk(nine: string): boolean {
  if (!/^\d{9}$/.test(nine)) return false;
  const d = [...nine].map(Number);
  const sum = 3 * ((d[0] ?? 0) + (d[3] ?? 0) + (d[6] ?? 0)) + 7 * ((d[1] ?? 0) + (d[4] ?? 0) + (d[7] ?? 0)) + ((d[2] ?? 0) + (d[5] ?? 0) + (d[8] ?? 0));
  return sum % 10 === 0;
}

interface BatchState {
  headerLine: number;
  serviceClass: string;
  sec: string;
  companyId: string;
  odfi: string;
  batchNumber: string;
  count: number;
  hash: number;
  debits: number;
  credits: number;
}

export function checkNachaFile(text: string): NachaCheckResult {
  const problems: string[] = [];
  const report = (line: number, what: string) => {
    problems.push(line > 0 ? `line ${line}: ${what}` : what);
  };
  // Every record ends with a line ending; a missing final one is tolerated.
  const lines = text.split(/\r?\n/);
  if (lines[lines.length - 1] === '') lines.pop();
  if (lines.length === 0) return { ok: false, problems: ['the file is empty'] };

  lines.forEach((l, i) => {
    if (l.length !== LEN) report(i + 1, `${l.length} characters, expected ${LEN}`);
    if (/[^\x20-\x7E]/.test(l)) report(i + 1, 'contains characters outside printable ASCII');
  });
  if (lines.length % 10 !== 0) report(0, `${lines.length} lines is not a multiple of 10 (blocking factor)`);

  const numeric = (n: number, line: string, from: number, to: number, name: string): number => {
    const v = field(line, from, to);
    if (!/^\d+$/.test(v) || v.length !== to - from + 1) {
      report(n, `${name} (positions ${from}–${to}) is not numeric`);
      return 0;
    }
    return Number(v);
  };

  let i = 0;
  const type = (k: number) => lines[k]?.charAt(0);
  const fileHeader = lines[0] ?? '';
  if (type(0) !== '1') report(1, "the file must start with a file header ('1') record");
  else {
    if (field(fileHeader, 2, 3) !== '01') report(1, 'priority code (2–3) must be 01');
    if (field(fileHeader, 35, 37) !== '094') report(1, 'record size (35–37) must be 094');
    if (field(fileHeader, 38, 39) !== '10') report(1, 'blocking factor (38–39) must be 10');
    if (field(fileHeader, 40, 40) !== '1') report(1, 'format code (40) must be 1');
    if (!/^[A-Z0-9]$/.test(field(fileHeader, 34, 34))) report(1, 'file ID modifier (34) must be A–Z or 0–9');
    i = 1;
  }

  let batches = 0;
  let entries = 0; // entry detail records
  let entryAndAddenda = 0;
  let hashSum = 0;
  let debits = 0;
  let credits = 0;
  let lastTrace = '';
  let lastBatchNumber = 0;
  let lostTrack = false;

  while (i < lines.length && type(i) === '5') {
    const h = lines[i] ?? '';
    const b: BatchState = {
      headerLine: i + 1,
      serviceClass: field(h, 2, 4),
      sec: field(h, 51, 53),
      companyId: field(h, 41, 50),
      odfi: field(h, 80, 87),
      batchNumber: field(h, 88, 94),
      count: 0,
      hash: 0,
      debits: 0,
      credits: 0,
    };
    batches++;
    if (!['200', '220', '225'].includes(b.serviceClass)) report(i + 1, 'service class code (2–4) must be 200, 220 or 225');
    if (!SEC_CODES.has(b.sec)) report(i + 1, 'standard entry class code (51–53) is not a Nacha SEC code');
    if (!/^\d{6}$/.test(field(h, 70, 75))) report(i + 1, 'effective entry date (70–75) must be YYMMDD');
    const batchNumber = numeric(i + 1, h, 88, 94, 'batch number');
    if (batchNumber <= lastBatchNumber) report(i + 1, 'batch numbers must ascend');
    lastBatchNumber = batchNumber;
    i++;

    while (i < lines.length && type(i) === '6') {
      const n = i + 1;
      const e = lines[i] ?? '';
      b.count++;
      entries++;
      const code = numeric(n, e, 2, 3, 'transaction code');
      const isCredit = CREDIT_CODES.has(code);
      const isDebit = DEBIT_CODES.has(code);
      if (!isCredit && !isDebit) report(n, 'unknown transaction code (2–3)');
      if (b.serviceClass === '220' && isDebit) report(n, 'debit transaction code in a credits-only (220) batch');
      if (b.serviceClass === '225' && isCredit) report(n, 'credit transaction code in a debits-only (225) batch');
      if (b.sec === 'TEL' && isCredit) report(n, 'credit entry in a TEL batch (telephone authorisations are for debits only)');
      if (!abaOk(field(e, 4, 12))) report(n, 'RDFI routing number (4–12) fails the ABA check digit');
      b.hash += numeric(n, e, 4, 11, 'RDFI routing');
      const amount = numeric(n, e, 30, 39, 'amount');
      if (ZERO_CODES.has(code) && amount !== 0) report(n, 'prenote or zero-dollar transaction code with a non-zero amount');
      if (isDebit) b.debits += amount;
      if (isCredit) b.credits += amount;
      const trace = field(e, 80, 94);
      if (!/^\d{15}$/.test(trace)) report(n, 'trace number (80–94) must be 15 digits');
      else {
        if (trace <= lastTrace) report(n, 'trace numbers must ascend and be unique');
        lastTrace = trace;
        if (trace.slice(0, 8) !== b.odfi) report(n, "trace number does not start with the batch's ODFI routing");
      }
      const addendaIndicator = field(e, 79, 79);
      if (addendaIndicator !== '0' && addendaIndicator !== '1') report(n, 'addenda record indicator (79) must be 0 or 1');
      i++;
      let addenda = 0;
      while (i < lines.length && type(i) === '7') {
        const a = lines[i] ?? '';
        addenda++;
        b.count++;
        if (field(a, 88, 94) !== trace.slice(8)) report(i + 1, 'addenda entry detail sequence (88–94) does not match its entry’s trace number');
        i++;
      }
      if (addendaIndicator === '1' && addenda === 0) report(n, 'addenda indicator is 1 but no addenda record follows');
      if (addendaIndicator === '0' && addenda > 0) report(n, 'addenda records follow an entry whose addenda indicator is 0');
    }
    if (b.count === 0) report(b.headerLine, 'batch has no entries');

    const c = lines[i] ?? '';
    if (type(i) !== '8') {
      report(i + 1, `expected the batch control ('8') record for the batch starting on line ${b.headerLine}`);
      lostTrack = true;
      break;
    }
    const n = i + 1;
    b.hash %= 10_000_000_000;
    if (field(c, 2, 4) !== b.serviceClass) report(n, 'service class (2–4) differs from the batch header');
    if (numeric(n, c, 5, 10, 'entry/addenda count') !== b.count) report(n, `entry/addenda count (5–10) should be ${b.count}`);
    if (numeric(n, c, 11, 20, 'entry hash') !== b.hash) report(n, `entry hash (11–20) should be ${String(b.hash).padStart(10, '0')}`);
    if (numeric(n, c, 21, 32, 'total debits') !== b.debits) report(n, `total debits (21–32) should be ${b.debits}`);
    if (numeric(n, c, 33, 44, 'total credits') !== b.credits) report(n, `total credits (33–44) should be ${b.credits}`);
    if (field(c, 45, 54) !== b.companyId) report(n, 'company ID (45–54) differs from the batch header');
    if (field(c, 80, 87) !== b.odfi) report(n, 'ODFI routing (80–87) differs from the batch header');
    if (field(c, 88, 94) !== b.batchNumber) report(n, 'batch number (88–94) differs from the batch header');
    entryAndAddenda += b.count;
    hashSum = (hashSum + b.hash) % 10_000_000_000;
    debits += b.debits;
    credits += b.credits;
    i++;
  }

  if (lostTrack) {
    // The record order is broken; the file totals would only repeat the same problem.
  } else if (type(i) !== '9') {
    report(i + 1, i < lines.length ? `expected a batch header ('5') or the file control ('9') record, found '${type(i)}'` : 'the file control (\'9\') record is missing');
  } else {
    const n = i + 1;
    const f = lines[i] ?? '';
    if (batches === 0) report(0, 'the file has no batches');
    if (numeric(n, f, 2, 7, 'batch count') !== batches) report(n, `batch count (2–7) should be ${batches}`);
    if (numeric(n, f, 8, 13, 'block count') !== Math.ceil(lines.length / 10)) report(n, `block count (8–13) should be ${Math.ceil(lines.length / 10)}`);
    if (numeric(n, f, 14, 21, 'entry/addenda count') !== entryAndAddenda) report(n, `entry/addenda count (14–21) should be ${entryAndAddenda}`);
    if (numeric(n, f, 22, 31, 'entry hash') !== hashSum) report(n, `entry hash (22–31) should be ${String(hashSum).padStart(10, '0')}`);
    if (numeric(n, f, 32, 43, 'total debits') !== debits) report(n, `total debits (32–43) should be ${debits}`);
    if (numeric(n, f, 44, 55, 'total credits') !== credits) report(n, `total credits (44–55) should be ${credits}`);
    if (field(f, 56, 94).trim() !== '') report(n, 'positions 56–94 must be blank');
    for (let k = i + 1; k < lines.length; k++) if (lines[k] !== '9'.repeat(LEN)) report(k + 1, 'after the file control record only all-9 padding records may follow');
    if (lines.length - (i + 1) >= 10) report(0, 'more than a block of padding follows the file control record');
  }

  if (problems.length > 0) {
    const shown = problems.slice(0, MAX_PROBLEMS);
    if (problems.length > MAX_PROBLEMS) shown.push(`and ${problems.length - MAX_PROBLEMS} more problems`);
    return { ok: false, problems: shown };
  }
  return { ok: true, batches, entries, totalDebits: debits, totalCredits: credits };
}
