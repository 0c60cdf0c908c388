/** A real HTTP server that answers through a PageCache in front of a stand-in renderer, on a free loopback port. */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { PageCache } from '../../src/lib/server/http/page-cache';

export async function startCacheServer(
  cache: PageCache,
  render: (req: IncomingMessage, res: ServerResponse) => void,
): Promise<{ server: Server; base: string }> {
  const server = createServer((req, res) => {
    cache.serve(
      req,
      res,
      () => render(req, res),
      () => 'test-request-id',
    );
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address();
  return { server, base: `http://127.0.0.1:${typeof address === 'object' && address ? address.port : 0}` };
}
