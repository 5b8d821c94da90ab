import type { Http2Bindings, HttpBindings } from '@hono/node-server';
import type { Server, ServerResponse } from 'node:http';
import { Server as NetServer } from 'node:net';
import { settlesWithin } from '../lib/settles-within';

type Fetch = (request: Request, env: HttpBindings | Http2Bindings) => Response | Promise<Response>;

/** How long no request may be in flight before connections left idle are closed. */
const QUIET_MS = 50;

/**
 * A clean stop for the Node HTTP server: stop accepting connections, answer every request already
 * received (each with `Connection: close`, so keep-alive clients go away), close connections once
 * idle, and resolve when no handler is still running, or when the grace period is over.
 *
 * A handler counts until it has settled and its response has closed: a client that hangs up does
 * not end the work its request started (which may still be writing to the database).
 */
export function drainableFetch(fetch: Fetch) {
  let server: Server | undefined;
  let draining = false;
  let inFlight = 0;
  const open = new Set<ServerResponse>();
  let onQuiet: (() => void) | undefined;
  let idleWaiters: Array<() => void> = [];
  const ended = () => {
    inFlight--;
    if (inFlight > 0) return;
    for (const wake of idleWaiters.splice(0)) wake();
    if (draining) onQuiet?.();
  };
  const noneInFlight = () => (inFlight === 0 ? Promise.resolve() : new Promise<void>((wake) => idleWaiters.push(wake)));

  const tracked: Fetch = (request, env) => {
    const res = env.outgoing as ServerResponse; // an HTTP/1.1 server
    inFlight++;
    open.add(res);
    if (draining) res.setHeader('Connection', 'close');
    let handled = false;
    let closed = false;
    const part = (which: 'handled' | 'closed') => {
      if (which === 'handled') handled = true;
      else closed = true;
      if (handled && closed) {
        open.delete(res);
        ended();
      }
    };
    res.once('close', () => part('closed'));
    try {
      const result = fetch(request, env);
      Promise.resolve(result).then(
        () => part('handled'),
        () => part('handled'),
      );
      return result;
    } catch (err) {
      part('handled');
      throw err;
    }
  };

  return {
    fetch: tracked,
    attach(s: Server) {
      server = s;
    },
    /** Resolves with the number of requests cut off because they outlasted the grace period. */
    async drain(graceMs: number): Promise<number> {
      const s = server;
      if (!s || draining) return 0;
      draining = true;
      for (const res of open) if (!res.headersSent) res.setHeader('Connection', 'close');
      // net.Server's close only stops listening. http.Server's would also drop every connection
      // that looks idle at once, including those whose next request is already sent but unread.
      const listenerClosed = new Promise<void>((done) => NetServer.prototype.close.call(s, () => done()));
      let quietTimer: ReturnType<typeof setTimeout> | undefined;
      onQuiet = () => {
        clearTimeout(quietTimer);
        quietTimer = setTimeout(() => {
          // setImmediate runs after the poll phase, so requests already on the wire have arrived by then.
          setImmediate(() => {
            if (inFlight === 0) s.closeIdleConnections();
          });
        }, QUIET_MS);
      };
      if (inFlight === 0) onQuiet();
      // Once every connection is closed no request can start; a handler whose client left may still run.
      const finished = listenerClosed.then(noneInFlight);
      const inTime = await settlesWithin(finished, graceMs);
      clearTimeout(quietTimer);
      const cut = inTime ? 0 : inFlight;
      if (!inTime) s.closeAllConnections();
      s.close(); // the listener is already closed: this only stops http.Server's connection timer
      return cut;
    },
  };
}
