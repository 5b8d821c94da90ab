/** What a use case can refuse, independent of HTTP (http/errors.ts maps these to statuses). */
export class ServiceError extends Error {
  override name = 'ServiceError';
  constructor(
    readonly code: 'not_found' | 'conflict' | 'invalid',
    message: string,
  ) {
    super(message);
  }
}
