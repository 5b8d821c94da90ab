import { PDFDocument, rgb, StandardFonts } from 'pdf-lib';
import { brandRgb, wrap } from './pdf-text';

export interface LetterPdfInput {
  portalName: string;
  lenderName: string;
  /** #rrggbb */
  brandColor: string;
  title: string;
  paragraphs: string[];
}

/** A one-page branded letter (notices, disclosures, welcome letters the lender shares). */
export async function letterPdf(input: LetterPdfInput): Promise<Uint8Array> {
  const pdf = await PDFDocument.create();
  pdf.setTitle(input.title);
  pdf.setAuthor(input.lenderName);
  pdf.setCreator(input.portalName);
  const page = pdf.addPage([612, 792]);
  const font = await pdf.embedFont(StandardFonts.Helvetica);
  const bold = await pdf.embedFont(StandardFonts.HelveticaBold);
  page.drawRectangle({ x: 0, y: 722, width: 612, height: 70, color: brandRgb(input.brandColor) });
  page.drawText(input.portalName, { x: 48, y: 750, size: 20, font: bold, color: rgb(1, 1, 1) });
  page.drawText(input.lenderName, { x: 48, y: 732, size: 11, font, color: rgb(1, 1, 1) });
  let y = 680;
  page.drawText(input.title, { x: 48, y, size: 16, font: bold, color: rgb(0.07, 0.09, 0.15) });
  y -= 30;
  for (const paragraph of input.paragraphs) {
    for (const line of wrap(paragraph, font, 11, 516)) {
      if (y < 60) break;
      page.drawText(line, { x: 48, y, size: 11, font, color: rgb(0.07, 0.09, 0.15) });
      y -= 16;
    }
    y -= 10;
  }
  return pdf.save();
}
