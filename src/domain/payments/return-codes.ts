/**
 * Nacha return reason codes (Nacha Operating Rules, Appendix Four) and how long after settlement
 * each may come back on the debits this portal originates (WEB, TEL and PPD debits to consumer
 * checking and savings accounts).
 *
 * Time limits, as the Rules set them and as checked against published summaries:
 * - Most returns must reach the ODFI by the opening of business on the 2nd banking day after the
 *   settlement date ("standard return": R01, R02, R03, R04, R08, R09, R16…; likewise R29,
 *   the corporate "not authorised" return, which has no extended window).
 * - Extended returns, by the opening of business on the banking day after the 60th calendar day
 *   after settlement: unauthorised or improper debits to consumer accounts and their kin
 *   (R05, R07, R10, R11, and for check conversions R37, R38, R51, R52, R53; XCK R33).
 * - R06 (at the ODFI's request) has no Nacha deadline: it is whatever the two banks agree.
 * Sources: moov-io/ach addenda99.go (code list and titles, "R07 … must be returned no later than
 * 60 days from settlement date"); paynearme ACH return codes table (R05, R07, R10, R11: 60 calendar
 * days; R01–R04, R08, R09, R12…: 2 banking days); Nacha timeframe study cards ("Return of a revoked
 * or unauthorized consumer transaction: 60 calendar days; of an unauthorized corporate
 * transaction: 2 banking days"); experts123 on R10 vs R29.
 *
 * Codes for entries this portal never sends (credits, CCD/CTX, CIE, ENR, RCK, ARC/BOC/POP, XCK,
 * IAT) and the dishonoured/contested codes (R61–R77, exchanged between banks about a return)
 * cannot come back on one of its debits: they are listed, so a typed code is named, but refused.
 */
import { addDays, type IsoDate } from '../dates';
import { addBankingDays } from './banking-days';

export type ReturnWindow = 'two-banking-days' | 'sixty-days' | 'agreed';

export interface ReturnCode {
  code: string;
  name: string;
  window: ReturnWindow;
  /** Why the code cannot be the return of one of this portal's debits, when it cannot. */
  notForOurDebits?: string;
}

const CCD = 'It is used only for corporate (CCD/CTX) entries';
const CIE = 'It is used only for customer-initiated (CIE) entries';
const ENR = 'It is used only for automated enrollment (ENR) entries';
const RCK = 'It is used only for re-presented check (RCK) entries';
const CONVERTED = 'It is used only for converted checks (ARC, BOC, POP)';
const CREDIT = 'It is used only for credit entries, and this portal sends debits';
const DISHONOR = 'It is a message between banks about a return (dishonored or contested return), not a return of a debit';
const IAT = 'It is used only for international (IAT) entries';

const two = 'two-banking-days' as const;
const sixty = 'sixty-days' as const;

export const achReturnCodes: readonly ReturnCode[] = [
  { code: 'R01', name: 'Insufficient funds', window: two },
  { code: 'R02', name: 'Account closed', window: two },
  { code: 'R03', name: 'No account or unable to locate account', window: two },
  { code: 'R04', name: 'Invalid account number structure', window: two },
  { code: 'R05', name: 'Unauthorized debit to consumer account using corporate SEC code', window: sixty, notForOurDebits: CCD },
  { code: 'R06', name: 'Returned per ODFI’s request', window: 'agreed' },
  { code: 'R07', name: 'Authorization revoked by customer', window: sixty },
  { code: 'R08', name: 'Payment stopped', window: two },
  { code: 'R09', name: 'Uncollected funds', window: two },
  { code: 'R10', name: 'Customer advises originator is not known to receiver and/or not authorized to debit', window: sixty },
  { code: 'R11', name: 'Customer advises entry not in accordance with the terms of the authorization', window: sixty },
  { code: 'R12', name: 'Account sold to another DFI', window: two },
  { code: 'R13', name: 'Invalid ACH routing number', window: two },
  { code: 'R14', name: 'Representative payee deceased or unable to continue in that capacity', window: two },
  { code: 'R15', name: 'Beneficiary or account holder deceased', window: two },
  { code: 'R16', name: 'Account frozen / entry returned per OFAC instruction', window: two },
  { code: 'R17', name: 'File record edit criteria / entry with invalid account number initiated under questionable circumstances', window: two },
  { code: 'R18', name: 'Improper effective entry date', window: two },
  { code: 'R19', name: 'Amount field error', window: two },
  { code: 'R20', name: 'Non-transaction account', window: two },
  { code: 'R21', name: 'Invalid company identification', window: two },
  { code: 'R22', name: 'Invalid individual ID number', window: two },
  { code: 'R23', name: 'Credit entry refused by receiver', window: two, notForOurDebits: CREDIT },
  { code: 'R24', name: 'Duplicate entry', window: two },
  { code: 'R25', name: 'Addenda error', window: two },
  { code: 'R26', name: 'Mandatory field error', window: two },
  { code: 'R27', name: 'Trace number error', window: two },
  { code: 'R28', name: 'Routing number check digit error', window: two },
  { code: 'R29', name: 'Corporate customer advises not authorized', window: two },
  { code: 'R30', name: 'RDFI not participant in check truncation program', window: two, notForOurDebits: 'It is used only for check truncation (TRC/TRX) entries' },
  { code: 'R31', name: 'Permissible return entry (CCD and CTX only)', window: 'agreed', notForOurDebits: CCD },
  { code: 'R32', name: 'RDFI non-settlement', window: two },
  { code: 'R33', name: 'Return of XCK entry', window: sixty, notForOurDebits: 'It is used only for destroyed check (XCK) entries' },
  { code: 'R34', name: 'Limited participation DFI', window: two },
  { code: 'R35', name: 'Return of improper debit entry', window: two, notForOurDebits: CIE },
  { code: 'R36', name: 'Return of improper credit entry', window: two, notForOurDebits: CREDIT },
  { code: 'R37', name: 'Source document presented for payment', window: sixty, notForOurDebits: CONVERTED },
  { code: 'R38', name: 'Stop payment on source document', window: sixty, notForOurDebits: CONVERTED },
  { code: 'R39', name: 'Improper source document / source document presented for payment', window: two, notForOurDebits: CONVERTED },
  { code: 'R40', name: 'Return of ENR entry by federal government agency', window: two, notForOurDebits: ENR },
  { code: 'R41', name: 'Invalid transaction code (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R42', name: 'Routing number / check digit error (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R43', name: 'Invalid DFI account number (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R44', name: 'Invalid individual ID number / identification number (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R45', name: 'Invalid individual name / company name (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R46', name: 'Invalid representative payee indicator (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R47', name: 'Duplicate enrollment (ENR only)', window: two, notForOurDebits: ENR },
  { code: 'R50', name: 'State law affecting RCK acceptance', window: two, notForOurDebits: RCK },
  { code: 'R51', name: 'Item related to RCK entry is ineligible or RCK entry is improper', window: sixty, notForOurDebits: RCK },
  { code: 'R52', name: 'Stop payment on item related to RCK entry', window: sixty, notForOurDebits: RCK },
  { code: 'R53', name: 'Item and RCK entry presented for payment', window: sixty, notForOurDebits: RCK },
  { code: 'R61', name: 'Misrouted return', window: two, notForOurDebits: DISHONOR },
  { code: 'R62', name: 'Return of erroneous or reversing debit', window: two, notForOurDebits: DISHONOR },
  { code: 'R67', name: 'Duplicate return', window: two, notForOurDebits: DISHONOR },
  { code: 'R68', name: 'Untimely return', window: two, notForOurDebits: DISHONOR },
  { code: 'R69', name: 'Field error(s)', window: two, notForOurDebits: DISHONOR },
  { code: 'R70', name: 'Permissible return entry not accepted / return not requested by ODFI', window: two, notForOurDebits: DISHONOR },
  { code: 'R71', name: 'Misrouted dishonored return', window: two, notForOurDebits: DISHONOR },
  { code: 'R72', name: 'Untimely dishonored return', window: two, notForOurDebits: DISHONOR },
  { code: 'R73', name: 'Timely original return', window: two, notForOurDebits: DISHONOR },
  { code: 'R74', name: 'Corrected return', window: two, notForOurDebits: DISHONOR },
  { code: 'R75', name: 'Return not a duplicate', window: two, notForOurDebits: DISHONOR },
  { code: 'R76', name: 'No errors found', window: two, notForOurDebits: DISHONOR },
  { code: 'R77', name: 'Non-acceptance of R62 dishonored return', window: two, notForOurDebits: DISHONOR },
  { code: 'R80', name: 'IAT entry coding error', window: two, notForOurDebits: IAT },
  { code: 'R81', name: 'Non-participant in IAT program', window: two, notForOurDebits: IAT },
  { code: 'R82', name: 'Invalid foreign receiving DFI identification', window: two, notForOurDebits: IAT },
  { code: 'R83', name: 'Foreign receiving DFI unable to settle', window: two, notForOurDebits: IAT },
  { code: 'R84', name: 'Entry not processed by Gateway', window: two, notForOurDebits: IAT },
  // Returned because a domestic entry (WEB, TEL, PPD…) is in fact an international payment.
  { code: 'R85', name: 'Incorrectly coded outbound international payment', window: two },
];

const byCode = new Map(achReturnCodes.map((c) => [c.code, c]));

export function returnCode(code: string): ReturnCode | undefined {
  return byCode.get(code.trim().toUpperCase());
}

/** The codes a bank can use to return one of this portal's debits, for the form's list. */
export const returnCodesForOurDebits: readonly ReturnCode[] = achReturnCodes.filter((c) => !c.notForOurDebits);

/** The last day a return with this code may be dated, for a debit settled on `settlement`; null when the banks agree it. */
export function returnDeadline(window: ReturnWindow, settlement: IsoDate): IsoDate | null {
  if (window === 'two-banking-days') return addBankingDays(settlement, 2);
  if (window === 'sixty-days') return addBankingDays(addDays(settlement, 60), 1);
  return null;
}

export const returnWindowText: Record<ReturnWindow, string> = {
  'two-banking-days': 'within 2 banking days of settlement',
  'sixty-days': 'within 60 days of settlement',
  agreed: 'when the banks agree',
};

export type ReturnCheck = { ok: true; code: ReturnCode } | { ok: false; errors: { code?: string; date?: string } };

/**
 * Whether a return the bank reported can be recorded: a real code that can come back on our
 * debits, dated between the debit's settlement (effective entry) date and today, within the
 * code's time limit. `format` shows a date to staff.
 */
export function checkAchReturn(input: { code: string; date: IsoDate; settlement: IsoDate; today: IsoDate; reference: string }, format: (d: IsoDate) => string): ReturnCheck {
  const errors: { code?: string; date?: string } = {};
  const code = returnCode(input.code);
  const typed = input.code.trim().toUpperCase();
  if (!code) errors.code = typed ? `${typed} is not a Nacha return code. Choose the code on the bank’s return notice.` : 'Choose the return code on the bank’s return notice.';
  else if (code.notForOurDebits) errors.code = `${code.code} (${code.name}) cannot come back on this payment: ${code.notForOurDebits.charAt(0).toLowerCase()}${code.notForOurDebits.slice(1)}. Check the code on the bank’s return notice.`;
  if (input.date > input.today) errors.date = `A return cannot be dated in the future: today is ${format(input.today)}.`;
  else if (input.date < input.settlement) errors.date = `${input.reference} settled on ${format(input.settlement)}: a return cannot be dated before that.`;
  else if (code && !code.notForOurDebits) {
    const deadline = returnDeadline(code.window, input.settlement);
    if (deadline && input.date > deadline) {
      errors.code = `${code.code} must come back ${returnWindowText[code.window]} (by ${format(deadline)} for ${input.reference}, settled ${format(input.settlement)}); this return is dated ${format(input.date)}. Check the code and the date on the bank’s notice: a late return can be refused as untimely (R68).`;
    }
  }
  if (errors.code || errors.date || !code) return { ok: false, errors };
  return { ok: true, code };
}
