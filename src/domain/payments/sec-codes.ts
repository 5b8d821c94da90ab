import type { SecCode } from './nacha';

/**
 * The Standard Entry Class of a bank debit follows from how the borrower authorised it: online
 * (the portal, AutoPay) is WEB, by telephone to staff is TEL, in writing (a signed form) is PPD.
 */
export function secCodeFor(staffAuthorization?: 'phone' | 'written'): SecCode {
  return staffAuthorization === 'phone' ? 'TEL' : staffAuthorization === 'written' ? 'PPD' : 'WEB';
}

export const secCodeNames: Record<SecCode, string> = {
  WEB: 'authorised online (WEB)',
  TEL: 'authorised by phone (TEL)',
  PPD: 'authorised in writing (PPD)',
};
