// What both fault proxies do to start: listen on a free loopback port, failing if the server cannot.
import type { AddressInfo, Server } from "node:net";

/** Listens on a free port of 127.0.0.1 and resolves with it; rejects if listening fails. */
export async function listenOnLoopback(server: Server): Promise<number> {
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(0, "127.0.0.1", () => {
      server.off("error", reject);
      resolve();
    });
  });
  return (server.address() as AddressInfo).port;
}
