import type http from 'node:http';

export type CloseOutcome = 'finished' | 'timed-out';

/**
 * Stops `server` taking connections and resolves once the requests already in flight have been answered,
 * or after `timeoutMs`, when any still open are cut off. Idle keep-alive connections are closed at once,
 * and each busy one as soon as its response has gone, so a load balancer's pooled connection cannot hold
 * the process open.
 */
export function closeGracefully(server: http.Server, timeoutMs: number): Promise<CloseOutcome> {
  return new Promise((resolve) => {
    let outcome: CloseOutcome = 'finished';
    const deadline = setTimeout(() => {
      outcome = 'timed-out';
      server.closeAllConnections();
    }, timeoutMs);
    const idle = setInterval(() => server.closeIdleConnections(), 100);
    server.close(() => {
      clearTimeout(deadline);
      clearInterval(idle);
      resolve(outcome);
    });
    server.closeIdleConnections();
  });
}
