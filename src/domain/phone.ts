/**
 * Phone numbers as E.164 (+ and 8–15 digits). Numbers typed without a country code are read as
 * North American (the portal's lenders are in the US and Canada).
 */
export function toE164(input: string): string | null {
  const trimmed = input.trim();
  const digits = trimmed.replace(/[^\d]/g, '');
  if (trimmed.startsWith('+')) return digits.length >= 8 && digits.length <= 15 && digits[0] !== '0' ? `+${digits}` : null;
  if (digits.length === 10 && /^[2-9]\d{2}[2-9]/.test(digits)) return `+1${digits}`;
  if (digits.length === 11 && digits.startsWith('1') && /^1[2-9]\d{2}[2-9]/.test(digits)) return `+${digits}`;
  return null;
}

/** "+13035550142" → "•••• 0142": enough to recognise, not enough to reuse. */
export function maskPhone(e164: string): string {
  return `•••• ${e164.slice(-4)}`;
}
