import { PDFDocument, rgb, StandardFonts, type PDFPage } from 'pdf-lib';
import { brandRgb, wrap } from './pdf-text';
import type { StatementRow } from '../db/schema';
import { formatCents } from '../domain/money';

/** One line of activity in the period: a draw, a payment, a fee, the interest charged. */
export interface StatementActivity {
  date: string;
  description: string;
  /** Positive adds to what is owed, negative takes from it. */
  amount: number;
}

export interface StatementPdfInput {
  portalName: string;
  lenderName: string;
  /** #rrggbb */
  brandColor: string;
  accountName: string;
  displayId: string;
  holderName: string;
  statement: StatementRow;
  /** Annual percentage rate, as a percent ("17.5"). */
  apr: string;
  /** The late fee the terms charge when the minimum is not paid by its due date. */
  lateFee: number;
  /** The balance subject to interest (average daily balance) and the days in the cycle. */
  averageDailyBalance: number;
  daysInCycle: number;
  activity: StatementActivity[];
  /** Fees and interest charged this calendar year, this statement included. */
  yearToDate: { fees: number; interest: number; year: string };
  /** Repayment estimates on the new balance. */
  minimumOnly: { months: number; total: number } | null;
  threeYears: { payment: number; total: number };
  /** Where to write or call about the statement. */
  contact: string;
}


function day(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

function shortDay(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { month: 'short', day: 'numeric', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}


/**
 * A line-of-credit statement as a PDF, with the elements of a periodic statement for open-end
 * credit (Regulation Z, 12 CFR 1026.7(b)): previous and new balance, each transaction, payments and
 * credits, fees and interest itemised with year-to-date totals, the APR and the balance it applies
 * to, the minimum payment and due date with the late-payment and minimum-payment warnings, and
 * where to ask about it. pdf-lib is pure JavaScript, so this runs the same on Workers and Node.
 */
export async function statementPdf(input: StatementPdfInput): Promise<Uint8Array> {
  const s = input.statement;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${input.accountName} statement, ${day(s.periodStart)} to ${day(s.periodEnd)}`);
  pdf.setAuthor(input.lenderName);
  pdf.setCreator(input.portalName);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const brand = brandRgb(input.brandColor);
  const ink = rgb(0.07, 0.09, 0.15);
  const muted = rgb(0.3, 0.33, 0.39);
  const left = 48;
  const right = 564;

  let page: PDFPage = pdf.addPage([612, 792]); // US Letter
  let y = 0;
  const header = () => {
    page.drawRectangle({ x: 0, y: 722, width: 612, height: 70, color: brand });
    page.drawText(input.portalName, { x: left, y: 750, size: 20, font: bold, color: rgb(1, 1, 1) });
    page.drawText(input.lenderName, { x: left, y: 732, size: 11, font, color: rgb(1, 1, 1) });
    y = 690;
  };
  const room = (needed: number) => {
    if (y - needed < 56) {
      page = pdf.addPage([612, 792]);
      header();
    }
  };
  const heading = (text: string) => {
    room(40);
    y -= 8;
    page.drawText(text, { x: left, y, size: 12, font: bold, color: brand });
    y -= 18;
  };
  const row = (label: string, value: string, strong = false) => {
    room(18);
    page.drawText(label, { x: left, y, size: 10, font, color: muted });
    const f = strong ? bold : font;
    page.drawText(value, { x: right - f.widthOfTextAtSize(value, 10), y, size: 10, font: f, color: ink });
    y -= 16;
  };
  const paragraph = (text: string, size = 9, f = font) => {
    for (const l of wrap(text, f, size, right - left)) {
      room(14);
      page.drawText(l, { x: left, y, size, font: f, color: ink });
      y -= size + 4;
    }
    y -= 4;
  };
  const signed = (cents: number) => (cents < 0 ? `-${formatCents(-cents)}` : formatCents(cents));

  header();
  page.drawText(`${input.accountName} · ${input.displayId}`, { x: left, y, size: 14, font: bold, color: ink });
  y -= 18;
  page.drawText(`Statement for ${input.holderName}: ${day(s.periodStart)} to ${day(s.periodEnd)} (${input.daysInCycle} days)`, { x: left, y, size: 10, font, color: muted });
  y -= 20;

  heading('Payment information');
  row('New balance', formatCents(s.closingBalance), true);
  row('Minimum payment due', formatCents(s.minimumPayment), true);
  if (s.pastDue > 0) row('Includes past due', formatCents(s.pastDue));
  row('Payment due date', day(s.dueDate), true);
  if (s.minimumPayment > 0) paragraph(`Late payment warning: if we do not receive your minimum payment by ${day(s.dueDate)}, you may have to pay a late fee of up to ${formatCents(Math.min(input.lateFee, s.minimumPayment))}.`);
  if (s.closingBalance > 0) {
    paragraph('Minimum payment warning: if you make only the minimum payment each period, you will pay more in interest and it will take you longer to pay off your balance. For example:', 9, bold);
    if (input.minimumOnly) row(`Only the minimum payment: paid off in about ${input.minimumOnly.months} months`, `${formatCents(input.minimumOnly.total)} in all`);
    else row('Only the minimum payment', 'more than 50 years');
    row(`${formatCents(input.threeYears.payment)} each month: paid off in 3 years`, `${formatCents(input.threeYears.total)} in all`);
    paragraph('These estimates assume no new draws or fees and that the rate stays as it is.', 8);
  }

  heading('Account summary');
  row('Previous balance', formatCents(s.openingBalance));
  row('Payments', signed(-s.payments));
  row('Other credits', signed(-s.credits));
  row('Draws and purchases', formatCents(s.purchases));
  row('Fees charged', formatCents(s.fees));
  row('Interest charged', formatCents(s.interest));
  row('New balance', formatCents(s.closingBalance), true);
  row('Credit limit', formatCents(s.creditLimit));
  row('Available credit', formatCents(s.availableCredit));

  heading('Transactions');
  if (input.activity.length === 0) paragraph('No transactions this period.');
  for (const a of input.activity) {
    room(16);
    page.drawText(shortDay(a.date), { x: left, y, size: 10, font, color: muted });
    page.drawText(a.description.slice(0, 70), { x: left + 60, y, size: 10, font, color: ink });
    const v = signed(a.amount);
    page.drawText(v, { x: right - font.widthOfTextAtSize(v, 10), y, size: 10, font, color: ink });
    y -= 16;
  }

  heading('Fees and interest');
  row('Total fees charged this period', formatCents(s.fees));
  row('Total interest charged this period', formatCents(s.interest));
  row(`Total fees charged in ${input.yearToDate.year}`, formatCents(input.yearToDate.fees));
  row(`Total interest charged in ${input.yearToDate.year}`, formatCents(input.yearToDate.interest));

  heading('Interest charge calculation');
  row('Annual percentage rate (APR)', `${input.apr}%`);
  row('Balance subject to interest rate (average daily balance)', formatCents(input.averageDailyBalance));
  row('Interest charge', formatCents(s.interest));
  paragraph('Interest is charged on the average daily balance, each day at the APR divided by 365.', 8);

  heading('Questions about this statement');
  paragraph(`If you think this statement is wrong or you need more information about a transaction, write to us within 60 days of this statement. ${input.contact}`);
  return pdf.save();
}
