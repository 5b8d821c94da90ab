import type { Context } from 'hono';
import { checkUpload } from '../domain/file-type';

export interface Upload {
  name: string;
  bytes: Uint8Array;
}

/** The file in a multipart field, read into memory (the body limit has capped its size); null when none was chosen. */
export async function uploadedFile(c: Context, field: string): Promise<Upload | null> {
  const value = (await c.req.parseBody())[field];
  if (!(value instanceof File) || (value.size === 0 && value.name === '')) return null;
  return { name: value.name, bytes: new Uint8Array(await value.arrayBuffer()) };
}

/**
 * What is wrong with an upload (empty, too large, not a kind of file we keep), found while the rest
 * of its form is checked, so every problem shows at once; storing it checks again.
 */
export function uploadProblem(file: Upload, maxBytes: number): string | undefined {
  const checked = checkUpload(file.name, file.bytes, maxBytes);
  return checked.ok ? undefined : checked.problem;
}
