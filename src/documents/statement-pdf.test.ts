import { PDFDocument } from 'pdf-lib';
import { describe, expect, it } from 'vitest';
import { statementPdf } from './statement-pdf';

describe('statement PDF', () => {
  it('is a one-page PDF titled with the account and the period', async () => {
    const bytes = await statementPdf({
      portalName: 'Sunrise Online Access', lenderName: 'Sunrise Lending', brandColor: '#0b5394', accountName: 'Personal Line of Credit', displayId: 'LC-1', holderName: 'Jordan Rivera',
      statement: { tenantId: 't', id: 's', accountId: 'a', periodStart: '2026-09-26', periodEnd: '2026-10-25', openingBalance: 120_000, purchases: 65_000, payments: 15_000, credits: 0, fees: 0, interest: 2_450, closingBalance: 172_450, minimumPayment: 5_899, pastDue: 0, dueDate: '2026-11-15', creditLimit: 500_000, availableCredit: 327_550, issuedAt: new Date() },
    });
    expect(new TextDecoder().decode(bytes.slice(0, 5))).toBe('%PDF-');
    const doc = await PDFDocument.load(bytes);
    expect(doc.getPageCount()).toBe(1);
    expect(doc.getTitle()).toBe('Personal Line of Credit statement, September 26, 2026 to October 25, 2026');
    expect(doc.getAuthor()).toBe('Sunrise Lending');
  });
});
