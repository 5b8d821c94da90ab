import type { TenantDb } from '../db/tenant';
import { sha256Hex } from '../lib/hash';
import { newSecret } from '../lib/ids';
import { decryptString, encryptString, type DataKeys } from '../lib/secrets';

/**
 * Staff forms sent after the session ended: kept (encrypted) under a one-time token, so what was
 * typed survives signing in again and is sent once more from a page that shows it. Secrets are never
 * kept: passwords, codes and full tax or licence numbers are left out and have to be typed again.
 */

export const HELD_FORM_MINUTES = 60;

/** Fields never kept: what a page must not send back, and what a stored form must not hold. */
const SECRET_FIELD = /password|^confirmPassword$|^code$|^taxId$|^driversLicense$|^ssn$|^cvc$|^token$|^_held$/i;

export const isSecretField = (name: string) => SECRET_FIELD.test(name);

export interface HeldForm {
  action: string;
  returnTo: string | null;
  /** Name and value of each field kept, in the order sent (a name may repeat). */
  fields: [string, string][];
  /** Names of secret fields that were left out, to say what to type again. */
  dropped: string[];
}

const contextOf = (tenantId: string, id: string) => `${tenantId}:held-form:${id}`;

/** Keeps a form; returns the one-time token that finds it again (only its hash is stored). */
export async function holdForm(
  tdb: TenantDb,
  keys: DataKeys,
  input: { agentId: string; action: string; returnTo: string | null; fields: [string, string][] },
  now: Date,
): Promise<string> {
  const token = newSecret();
  const id = await sha256Hex(token);
  const kept = input.fields.filter(([name]) => !isSecretField(name));
  const dropped = [...new Set(input.fields.filter(([name, value]) => isSecretField(name) && name !== '_held' && value !== '').map(([name]) => name))];
  await tdb.heldForms.create(
    {
      id,
      agentId: input.agentId,
      action: input.action,
      returnTo: input.returnTo,
      fieldsEncrypted: await encryptString(keys, JSON.stringify({ fields: kept, dropped }), contextOf(tdb.tenantId, id)),
      createdAt: now,
      expiresAt: new Date(now.getTime() + HELD_FORM_MINUTES * 60_000),
    },
  );
  return token;
}

/** A kept form for the staff member signed in now, or null (unknown, expired, or someone else's). */
export async function heldFormFor(tdb: TenantDb, keys: DataKeys, token: string, agentId: string, now: Date): Promise<HeldForm | null> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return null;
  const id = await sha256Hex(token);
  const row = await tdb.heldForms.live(id, now);
  if (!row || row.agentId !== agentId) return null;
  const { fields, dropped } = JSON.parse(await decryptString(keys, row.fieldsEncrypted, contextOf(tdb.tenantId, id))) as { fields: [string, string][]; dropped: string[] };
  return { action: row.action, returnTo: row.returnTo, fields, dropped };
}

/** The form was sent again (or discarded): it is not kept any longer. */
export async function releaseHeldForm(tdb: TenantDb, token: string): Promise<void> {
  if (!/^[A-Za-z0-9_-]{20,100}$/.test(token)) return;
  await tdb.heldForms.remove(await sha256Hex(token));
}
