// @paymux/facilitator served over a real loopback socket (as apps/facilitator does, minus its configuration and
// auth), so a server configured with `facilitator: <url>` reaches it over HTTP, through a fault proxy.
import { createServer } from "node:http";
import type { AddressInfo } from "node:net";
import type { SchemePayee } from "@paymux/core";
import { createFacilitator } from "@paymux/facilitator";

/** A facilitator listening on loopback. */
export type ServedFacilitator = { url: string; close(): Promise<void> };

/** Serves `createFacilitator({ payees })` under `http://127.0.0.1:<port>/x402`. */
export async function serveFacilitator(payees: readonly SchemePayee[]): Promise<ServedFacilitator> {
  const facilitator = createFacilitator({ payees });
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on("data", (chunk: Buffer) => chunks.push(chunk));
    request.on("end", async () => {
      try {
        const body = Buffer.concat(chunks);
        const answer = await facilitator.fetch(
          new Request(`http://facilitator.internal${request.url ?? "/"}`, {
            method: request.method ?? "GET",
            headers: { "content-type": request.headers["content-type"] ?? "application/json" },
            ...(body.byteLength > 0 ? { body } : {}),
          }),
        );
        const bytes = Buffer.from(await answer.arrayBuffer());
        response.writeHead(answer.status, Object.fromEntries(answer.headers)).end(bytes);
      } catch {
        if (!response.headersSent) response.writeHead(500).end();
      }
    });
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/x402`,
    close: async () => {
      server.closeAllConnections();
      await new Promise((resolve) => server.close(resolve));
    },
  };
}
