import type { Context } from 'hono';
import type { DocumentRow } from '../db/schema';
import { contentDisposition } from '../domain/file-type';
import type { AppEnv } from '../env';
import { documentBytes } from '../services/documents';

/**
 * A stored document as the response: an attachment with the type found in its content, sandboxed
 * and never sniffed, so it is never rendered in our origin. The caller has checked who may see it.
 */
export async function documentDownload(c: Context<AppEnv>, doc: DocumentRow): Promise<Response> {
  const stored = await documentBytes(c.get('deps').files, doc);
  return c.body(stored.bytes as Uint8Array<ArrayBuffer>, 200, {
    'content-type': doc.contentType,
    'content-disposition': contentDisposition(doc.fileName),
    'content-security-policy': "sandbox; default-src 'none'",
    'x-content-type-options': 'nosniff',
  });
}
