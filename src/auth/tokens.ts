import { jwtVerify, SignJWT } from 'jose';
import { newSecret } from '../lib/ids';

/** Session tokens are random; the database keeps only their SHA-256, so a leaked table opens nothing. */
export function newSessionToken(): string {
  return newSecret();
}


export type LinkPurpose = 'password-reset' | 'set-password';

/**
 * Emailed links carry a signed JWT naming the tenant, purpose and the recorded token row; the row
 * makes the link single-use, the signature makes it unforgeable and bound to its tenant.
 */
export async function signLinkToken(secret: string, claims: { tenantId: string; tokenId: string; purpose: LinkPurpose }, expiresAt: Date): Promise<string> {
  return new SignJWT({ purpose: claims.purpose })
    .setProtectedHeader({ alg: 'HS256' })
    .setJti(claims.tokenId)
    .setAudience(claims.tenantId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
}

export async function verifyLinkToken(secret: string, jwt: string, expected: { tenantId: string; purposes: LinkPurpose[]; now: Date }): Promise<{ tokenId: string; purpose: LinkPurpose } | null> {
  try {
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), {
      algorithms: ['HS256'],
      audience: expected.tenantId,
      currentDate: expected.now,
    });
    const purpose = payload.purpose as LinkPurpose;
    if (!payload.jti || !expected.purposes.includes(purpose)) return null;
    return { tokenId: payload.jti, purpose };
  } catch {
    return null;
  }
}

/**
 * A form's state carried from one page to the next (post/redirect/get), signed so the page that
 * reads it can trust it and bound to its tenant, person and purpose. Not secret: it holds ids
 * and amounts the person chose, never a credential.
 */
export async function signFormState(secret: string, claims: { tenantId: string; subject: string; purpose: string }, data: Record<string, unknown>, expiresAt: Date): Promise<string> {
  return new SignJWT({ purpose: claims.purpose, data })
    .setProtectedHeader({ alg: 'HS256' })
    .setSubject(claims.subject)
    .setAudience(claims.tenantId)
    .setIssuedAt()
    .setExpirationTime(Math.floor(expiresAt.getTime() / 1000))
    .sign(new TextEncoder().encode(secret));
}

/** The data of a state signed for exactly this tenant, person and purpose, unexpired; otherwise null. */
export async function verifyFormState(secret: string, jwt: string, expected: { tenantId: string; subject: string; purpose: string; now: Date }): Promise<Record<string, unknown> | null> {
  try {
    const { payload } = await jwtVerify(jwt, new TextEncoder().encode(secret), { algorithms: ['HS256'], audience: expected.tenantId, subject: expected.subject, currentDate: expected.now });
    if (payload.purpose !== expected.purpose || typeof payload.data !== 'object' || payload.data === null) return null;
    return payload.data as Record<string, unknown>;
  } catch {
    return null;
  }
}
