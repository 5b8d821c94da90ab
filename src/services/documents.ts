import type { DocumentRow, Tenant } from '../db/schema';
import type { TenantDb } from '../db/tenant';
import { checkUpload, safeFileName } from '../domain/file-type';
import type { FileStore, StoredFile } from '../files';
import { sha256Hex, toHex } from '../lib/hash';
import { newId } from '../lib/ids';
import { ServiceError } from './errors';

export const defaultDocumentCategories = ['Proof of income', 'Proof of insurance', 'Identification', 'Bank statement', 'Correspondence', 'Other'];

/** The tenant's categories for uploads (its own list, or the defaults). */
export function documentCategoriesOf(tenant: Tenant): string[] {
  const own = tenant.settings.documentCategories?.filter((c) => c.trim());
  return own && own.length > 0 ? own : defaultDocumentCategories;
}

export interface NewUpload {
  customerId: string;
  accountId: string | null;
  category: string;
  name: string;
  description: string;
  fileName: string;
  bytes: Uint8Array;
  uploadedBy: { type: 'customer' | 'agent'; id: string };
  sharedWithBorrower: boolean;
}

// Keys are built here, never from user input: hex so they suit any store's key rules.
const storageKey = (tenantId: string, id: string) => `${toHex(new TextEncoder().encode(tenantId))}/documents/${id.toLowerCase()}`;

/**
 * Stores an upload after checking its size and its real type (by content), then records it. The
 * bytes are written first: a failed insert leaves an orphan file, never a record without its file.
 */
export async function storeDocument(tdb: TenantDb, files: FileStore, input: NewUpload, limits: { maxBytes: number }, now: Date): Promise<DocumentRow> {
  const checked = checkUpload(input.fileName, input.bytes, limits.maxBytes);
  if (!checked.ok) throw new ServiceError('invalid', checked.problem);
  const id = newId();
  const key = storageKey(tdb.tenantId, toHex(crypto.getRandomValues(new Uint8Array(16))));
  await files.put(key, input.bytes, checked.mime);
  const row = {
    id, customerId: input.customerId, accountId: input.accountId, category: input.category, name: input.name.trim(), description: input.description.trim(),
    fileName: safeFileName(input.fileName, checked.extension), contentType: checked.mime, size: input.bytes.length, sha256: await sha256Hex(input.bytes),
    storageKey: key, uploadedByType: input.uploadedBy.type, uploadedById: input.uploadedBy.id, sharedWithBorrower: input.sharedWithBorrower, active: true,
  };
  await tdb.documents.add(row, now);
  return { ...row, tenantId: tdb.tenantId, createdAt: now, updatedAt: now };
}

/** The bytes of a recorded document; a missing file is a fault, not the borrower's. */
export async function documentBytes(files: FileStore, doc: DocumentRow): Promise<StoredFile> {
  const stored = await files.get(doc.storageKey);
  if (!stored) throw new Error(`document ${doc.id}: file missing from storage`);
  return stored;
}
