import type { Server } from "node:http";
import type { AddressInfo } from "node:net";

/** Listens on loopback only (local mode is never reachable from the network); port 0 picks a free one. */
export async function listenOnLoopback(server: Server, port: number): Promise<{ port: number; endpoint: string; close: () => Promise<void> }> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const bound = (server.address() as AddressInfo).port;
  return {
    port: bound,
    endpoint: `http://127.0.0.1:${bound}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}
