// The TCP fault proxy against a tiny line echo server: each fault must do what its documentation says.
import { type AddressInfo, connect, createServer, type Server, type Socket } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { startTcpFaultProxy, type TcpFaultProxy } from "./tcp-fault-proxy.js";

let echo: Server;
let proxy: TcpFaultProxy;

beforeAll(async () => {
  echo = createServer((socket) => {
    socket.on("error", () => undefined);
    socket.pipe(socket);
  });
  await new Promise<void>((resolve) => echo.listen(0, "127.0.0.1", resolve));
  proxy = await startTcpFaultProxy({ host: "127.0.0.1", port: (echo.address() as AddressInfo).port });
});

afterAll(async () => {
  await proxy.close();
  await new Promise((resolve) => echo.close(resolve));
});

/** A client connection that collects what it receives and notes how it ended. */
async function open(): Promise<{ socket: Socket; received: () => string; ended: Promise<string> }> {
  const socket = connect(proxy.port, "127.0.0.1");
  let text = "";
  socket.on("data", (chunk: Buffer) => {
    text += chunk.toString("utf8");
  });
  const ended = new Promise<string>((resolve) => {
    socket.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
    socket.once("close", () => resolve("closed"));
  });
  await new Promise<void>((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("error", reject);
  });
  return { socket, received: () => text, ended };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

async function echoes(connection: Awaited<ReturnType<typeof open>>, line: string): Promise<boolean> {
  connection.socket.write(line);
  for (let i = 0; i < 40 && !connection.received().includes(line); i++) await sleep(10);
  return connection.received().includes(line);
}

/** A new connection through the proxy echoes `line` (the fault is gone). */
async function expectFreshEchoes(line: string): Promise<void> {
  const fresh = await open();
  expect(await echoes(fresh, line)).toBe(true);
  fresh.socket.destroy();
}

describe("startTcpFaultProxy", () => {
  it("forwards both ways", async () => {
    const connection = await open();
    expect(await echoes(connection, "PING\r\n")).toBe(true);
    expect(proxy.connections()).toBe(1);
    connection.socket.destroy();
  });

  it("down: resets open connections and every new one", async () => {
    const connection = await open();
    proxy.setFault("down");
    expect(await connection.ended).toMatch(/ECONNRESET|closed/);
    const refused = connect(proxy.port, "127.0.0.1");
    const outcome = await new Promise<string>((resolve) => {
      refused.once("error", (error: NodeJS.ErrnoException) => resolve(error.code ?? "error"));
      refused.once("close", () => resolve("closed"));
    });
    expect(outcome).toMatch(/ECONNRESET|closed/);
    proxy.setFault("none");
    await expectFreshEchoes("back\r\n");
  });

  it("blackhole: accepts and forwards nothing; healing resets what it swallowed", async () => {
    const before = await open();
    proxy.setFault("blackhole");
    const during = await open();
    expect(await echoes(before, "lost\r\n")).toBe(false);
    expect(await echoes(during, "lost too\r\n")).toBe(false);
    proxy.setFault("none");
    expect(await before.ended).toMatch(/ECONNRESET|closed/);
    expect(await during.ended).toMatch(/ECONNRESET|closed/);
    await expectFreshEchoes("healed\r\n");
  });

  it("reset: resets open connections now and new ones on their first bytes", async () => {
    const before = await open();
    proxy.setFault("reset");
    expect(await before.ended).toMatch(/ECONNRESET|closed/);
    const during = await open();
    during.socket.write("anything\r\n");
    expect(await during.ended).toMatch(/ECONNRESET|closed/);
    expect(during.received()).toBe("");
    proxy.setFault("none");
    await expectFreshEchoes("ok\r\n");
  });
});
