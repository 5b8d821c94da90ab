import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import type { StatementRow } from '../db/schema';
import { formatCents } from '../domain/money';

export interface StatementPdfInput {
  portalName: string;
  lenderName: string;
  /** #rrggbb */
  brandColor: string;
  accountName: string;
  displayId: string;
  holderName: string;
  statement: StatementRow;
}

/** #rrggbb as a pdf-lib colour (the platform blue for anything else). */
export function brandRgb(color: string) {
  const n = parseInt(/^#([0-9a-f]{6})$/i.exec(color)?.[1] ?? '1f4e79', 16);
  return rgb(((n >> 16) & 255) / 255, ((n >> 8) & 255) / 255, (n & 255) / 255);
}

function day(iso: string): string {
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return new Intl.DateTimeFormat('en-US', { dateStyle: 'long', timeZone: 'UTC' }).format(new Date(Date.UTC(y, m - 1, d)));
}

/**
 * A statement as a one-page PDF, branded with the lender's name and colour. pdf-lib is pure
 * JavaScript, so this runs the same on Workers and Node.
 */
export async function statementPdf(input: StatementPdfInput): Promise<Uint8Array> {
  const s = input.statement;
  const pdf = await PDFDocument.create();
  pdf.setTitle(`${input.accountName} statement, ${day(s.periodStart)} to ${day(s.periodEnd)}`);
  pdf.setAuthor(input.lenderName);
  pdf.setCreator(input.portalName);
  const page = pdf.addPage([612, 792]); // US Letter
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  const brand = brandRgb(input.brandColor);
  const ink = rgb(0.07, 0.09, 0.15);
  const muted = rgb(0.3, 0.33, 0.39);

  page.drawRectangle({ x: 0, y: 722, width: 612, height: 70, color: brand });
  page.drawText(input.portalName, { x: 48, y: 750, size: 20, font: bold, color: rgb(1, 1, 1) });
  page.drawText(input.lenderName, { x: 48, y: 732, size: 11, font, color: rgb(1, 1, 1) });

  let y = 690;
  const line = (label: string, value: string, strong = false) => {
    page.drawText(label, { x: 48, y, size: 11, font, color: muted });
    const f = strong ? bold : font;
    page.drawText(value, { x: 564 - f.widthOfTextAtSize(value, 11), y, size: 11, font: f, color: ink });
    y -= 20;
  };
  page.drawText(`${input.accountName} · ${input.displayId}`, { x: 48, y, size: 14, font: bold, color: ink });
  y -= 18;
  page.drawText(`Statement for ${input.holderName}: ${day(s.periodStart)} to ${day(s.periodEnd)}`, { x: 48, y, size: 11, font, color: muted });
  y -= 34;
  line('Opening balance', formatCents(s.openingBalance));
  line('Purchases and draws', formatCents(s.purchases));
  line('Payments', `-${formatCents(s.payments)}`.replace('--', ''));
  line('Credits', `-${formatCents(s.credits)}`.replace('--', ''));
  line('Fees', formatCents(s.fees));
  line('Interest', formatCents(s.interest));
  page.drawLine({ start: { x: 48, y: y + 10 }, end: { x: 564, y: y + 10 }, thickness: 1, color: muted });
  y -= 6;
  line('Closing balance', formatCents(s.closingBalance), true);
  y -= 14;
  line('Minimum payment', formatCents(s.minimumPayment), true);
  if (s.pastDue > 0) line('Includes past due', formatCents(s.pastDue));
  line('Payment due', day(s.dueDate), true);
  y -= 14;
  line('Credit limit', formatCents(s.creditLimit));
  line('Available credit', formatCents(s.availableCredit));
  return pdf.save();
}
