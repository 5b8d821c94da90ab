import { inflateSync } from 'node:zlib';
import { PDFArray, PDFDocument, PDFRawStream, type PDFObject } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { statementPdf, type StatementPdfInput } from './statement-pdf';

/** The pages' drawing instructions, decompressed (pdf-lib deflates content streams). */
async function contents(bytes: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(bytes);
  const streams = (o: PDFObject | undefined): PDFRawStream[] => (o instanceof PDFRawStream ? [o] : o instanceof PDFArray ? o.asArray().flatMap((x) => streams(doc.context.lookup(x))) : []);
  return doc.getPages().flatMap((p) => streams(p.node.Contents())).map((st) => inflateSync(st.getContents()).toString('latin1')).join('\n');
}
/** Whether a text was drawn (pdf-lib writes the standard fonts' text as hex strings, in their WinAnsi encoding). */
const drew = (drawn: string, text: string) => drawn.includes(`<${Buffer.from(text.replace(/—/g, '\u0097'), 'latin1').toString('hex').toUpperCase()}>`);

const input: StatementPdfInput = {
  portalName: 'Sunrise Online Access', lenderName: 'Sunrise Lending', brandColor: '#0b5394', accountName: 'Personal Line of Credit', displayId: 'LC-1', holderName: 'Jordan Rivera',
  statement: { tenantId: 't', id: 's', accountId: 'a', periodStart: '2026-09-26', periodEnd: '2026-10-25', openingBalance: 120_000, purchases: 65_000, payments: 15_000, credits: 0, fees: 2_900, interest: 2_450, closingBalance: 175_350, minimumPayment: 8_857, pastDue: 0, dueDate: '2026-11-15', creditLimit: 500_000, availableCredit: 324_650, issuedAt: new Date() },
  apr: '17.5', lateFee: 2_900, averageDailyBalance: 165_000, daysInCycle: 30,
  activity: [
    { date: '2026-10-03', description: 'Draw — transfer to checking', amount: 65_000 },
    { date: '2026-10-17', description: 'Late fee: minimum payment not received by its due date', amount: 2_900 },
    { date: '2026-10-19', description: 'Payment — thank you', amount: -15_000 },
    { date: '2026-10-25', description: 'Interest charged', amount: 2_450 },
  ],
  yearToDate: { year: '2026', fees: 2_900, interest: 5_200 },
  minimumOnly: { months: 87, total: 260_000 }, threeYears: { payment: 6_300, total: 226_800 },
  contact: 'Questions? Call (303) 555-0100 — Sunrise Lending.',
};

describe('statement PDF', () => {
  it('is titled with the account and the period', async () => {
    const bytes = await statementPdf(input);
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getTitle()).toBe('Personal Line of Credit statement, September 26, 2026 to October 25, 2026');
    expect(doc.getAuthor()).toBe('Sunrise Lending');
  });

  it('carries the periodic statement elements: balances, each transaction, fees and interest with year-to-date totals, the APR and its balance, due date and warnings', async () => {
    const drawn = await contents(await statementPdf(input));
    for (const text of [
      'Previous balance', '$1,200.00', 'New balance', '$1,753.50', 'Minimum payment due', '$88.57', 'Payment due date', 'November 15, 2026',
      'Draw — transfer to checking', 'Payment — thank you', '-$150.00', 'Interest charged',
      'Total fees charged in 2026', '$29.00', 'Total interest charged in 2026', '$52.00',
      'Annual percentage rate (APR)', '17.5%', 'Balance subject to interest rate (average daily balance)', '$1,650.00',
      'Only the minimum payment: paid off in about 87 months', '$63.00 each month: paid off in 3 years',
    ]) expect(drew(drawn, text), text).toBe(true);
    expect(drawn).toContain(Buffer.from('Late payment warning', 'latin1').toString('hex').toUpperCase());
  });

  it('runs onto more pages when the period has many transactions', async () => {
    const many = Array.from({ length: 60 }, (_, i) => ({ date: '2026-10-10', description: `Draw ${i + 1}`, amount: 1_000 }));
    const doc = await PDFDocument.load(await statementPdf({ ...input, activity: many }));
    expect(doc.getPageCount()).toBeGreaterThan(1);
  });
});
