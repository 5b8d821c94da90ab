/** Structured JSON logs: one line per event, always with the fields given at creation (request id, tenant). */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error';
export type LogFields = Record<string, unknown>;

export interface Logger {
  debug(msg: string, fields?: LogFields): void;
  info(msg: string, fields?: LogFields): void;
  warn(msg: string, fields?: LogFields): void;
  error(msg: string, fields?: LogFields): void;
  child(fields: LogFields): Logger;
}

const order: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40 };

export function createLogger(opts: { level?: LogLevel; base?: LogFields; write?: (line: string) => void } = {}): Logger {
  const min = order[opts.level ?? 'info'];
  const base = opts.base ?? {};
  const write = opts.write ?? ((line: string) => console.log(line));
  const emit = (level: LogLevel, msg: string, fields?: LogFields) => {
    if (order[level] < min) return;
    const time = new Date().toISOString();
    let line: string;
    try {
      line = JSON.stringify({ time, level, msg, ...base, ...fields }, jsonReplacer());
    } catch (err) {
      // Fields that cannot be written must not turn a log call into a failure of its caller.
      line = JSON.stringify({ time, level, msg, logFieldsDropped: errorSummary(err) });
    }
    try {
      write(line);
    } catch {
      // Nowhere left to report it.
    }
  };
  return {
    debug: (m, f) => emit('debug', m, f),
    info: (m, f) => emit('info', m, f),
    warn: (m, f) => emit('warn', m, f),
    error: (m, f) => emit('error', m, f),
    child: (fields) => createLogger({ ...opts, base: { ...base, ...fields } }),
  };
}

/** A failed database query (drizzle's error): its message ends with the bound values, which can be personal data. */
function isQueryError(err: Error): err is Error & { query: string } {
  const e = err as Error & { query?: unknown; params?: unknown };
  return typeof e.query === 'string' && Array.isArray(e.params);
}

function errorName(err: Error): string {
  // drizzle's query error keeps the generic name Error.
  return err.name === 'Error' && isQueryError(err) ? 'DrizzleQueryError' : err.name;
}

function safeMessage(err: Error): string {
  return isQueryError(err) ? `Failed query: ${err.query}` : err.message;
}

function errorCode(err: Error): string | number | undefined {
  const code = (err as { code?: unknown }).code;
  return typeof code === 'string' || typeof code === 'number' ? code : undefined;
}

/**
 * Errors serialise to name, message, code, cause (the underlying error, e.g. the SQLite error under
 * a failed query) and stack frames, never in responses. Query values are left out. The stack keeps
 * only its frames: its first line repeats the message. Each log line gets its own replacer so a
 * cause chain that loops is cut.
 */
function jsonReplacer() {
  const seen = new WeakSet<Error>();
  return function (_key: string, value: unknown) {
    if (typeof value === 'bigint') return value.toString();
    if (!(value instanceof Error)) return value;
    if (seen.has(value)) return '[repeated error]';
    seen.add(value);
    const out: Record<string, unknown> = { name: errorName(value), message: safeMessage(value) };
    const code = errorCode(value);
    if (code !== undefined) out.code = code;
    if (value.cause !== undefined) out.cause = value.cause;
    if (value instanceof AggregateError) out.errors = value.errors;
    if (value.stack) out.stack = value.stack.split('\n').filter((l) => /^\s+at /.test(l)).join('\n');
    return out;
  };
}

/** One line for an error, for places that store text (a job's last error): name, message, code and causes, no query values. */
export function errorSummary(err: unknown, depth = 0): string {
  if (!(err instanceof Error)) return String(err);
  const code = errorCode(err);
  const message = safeMessage(err);
  let text = `${errorName(err)}: ${message}${code !== undefined && !message.includes(String(code)) ? ` (${code})` : ''}`;
  if (err.cause !== undefined && err.cause !== err && depth < 3) text += `; caused by ${errorSummary(err.cause, depth + 1)}`;
  return text;
}

export const silentLogger: Logger = createLogger({ write: () => {} });
