// The smoke program of each published package, for scripts/install-test.mjs. Each body is plain JavaScript that
// also type-checks as strict TypeScript (no annotations: literals are typed by the paymux calls they are passed
// to), so one body serves the ESM, CommonJS and TypeScript projects. `check(condition, message)` and `KIND` are
// defined around it. `install` lists what the package's README tells users to install besides it and its
// required peers; `imports` is [module, names] with `default:x` for a default import; `node16` relaxes that
// project where a third-party library's types cannot work in it (`dom`: add the DOM lib; `noCts`: skip the .cts;
// `ignoreErrorsIn`: type errors inside these third-party folders do not fail the check).

// x402 v2 PAYMENT-REQUIRED from the x402 spec (shared/protocols/x402.md §9, core/test/vectors.ts): one `exact`
// offer of 10000 atomic USDC on Base Sepolia.
const GOLDEN_PAYMENT_REQUIRED =
  "eyJ4NDAyVmVyc2lvbiI6MiwiZXJyb3IiOiJQQVlNRU5ULVNJR05BVFVSRSBoZWFkZXIgaXMgcmVxdWlyZWQiLCJyZXNvdXJjZSI6eyJ1cmwiOiJodHRwczovL2FwaS5leGFtcGxlLmNvbS9wcmVtaXVtLWRhdGEiLCJkZXNjcmlwdGlvbiI6IkFjY2VzcyB0byBwcmVtaXVtIG1hcmtldCBkYXRhIiwibWltZVR5cGUiOiJhcHBsaWNhdGlvbi9qc29uIn0sImFjY2VwdHMiOlt7InNjaGVtZSI6ImV4YWN0IiwibmV0d29yayI6ImVpcDE1NTo4NDUzMiIsImFtb3VudCI6IjEwMDAwIiwiYXNzZXQiOiIweDAzNkNiRDUzODQyYzU0MjY2MzRlNzkyOTU0MWVDMjMxOGYzZENGN2UiLCJwYXlUbyI6IjB4MjA5NjkzQmM2YWZjMEM1MzI4YkEzNkZhRjAzQzUxNEVGMzEyMjg3QyIsIm1heFRpbWVvdXRTZWNvbmRzIjo2MCwiZXh0cmEiOnsibmFtZSI6IlVTREMiLCJ2ZXJzaW9uIjoiMiJ9fV19";
// The spec's PAYMENT-RESPONSE for a successful settlement of that offer.
const GOLDEN_PAYMENT_RESPONSE =
  "eyJzdWNjZXNzIjp0cnVlLCJ0cmFuc2FjdGlvbiI6IjB4MTIzNDU2Nzg5MGFiY2RlZjEyMzQ1Njc4OTBhYmNkZWYxMjM0NTY3ODkwYWJjZGVmMTIzNDU2Nzg5MGFiY2RlZiIsIm5ldHdvcmsiOiJlaXAxNTU6ODQ1MzIiLCJwYXllciI6IjB4ODU3YjA2NTE5RTkxZTNBNTQ1Mzg3OTFiRGJiMEUyMjM3M2UzNmI2NiJ9";
const PAY_TO = "0x209693Bc6afc0C5328bA36FaF03C514EF312287C";
// anvil's well-known dev key #0 (public test key, holds nothing anywhere real).
const DEV_KEY = "0xac0974bec39a17e36ba4a6b4d238ff944bacb478cbed5efcae784d7bf4f2ff80";
const SOLANA_DEVNET = "solana:EtWTRABZaYq6iMfeYKouRu166VU2xqa1";
// A payee that offers 10000 atomic USDC on Base Sepolia and refuses every payment: enough for a server to answer
// 402 without a chain. Inline in `paymux({ payees: [...] })` so TypeScript checks it against SchemePayee.
const FAKE_PAYEE = `{
  scheme: "exact",
  networks: ["eip155:84532"],
  createOffer: (parameters) => ({
    scheme: "exact",
    network: parameters.network,
    asset: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
    amount: 10000n,
    payTo: parameters.payTo,
    maxTimeoutSeconds: 60,
    extra: { name: "USDC", version: "2" },
  }),
  replayKeys: () => [],
  verify: async () => ({ valid: false, reason: "invalid_payload", message: "smoke test payee" }),
  settle: async (payment) => ({ success: false, transaction: "", network: payment.network }),
}`;

// Reasons the ts-node16 project (lib es2022 only, like @tsconfig/node20) needs more for some third-party types.
// Both are limits of those libraries under skipLibCheck false, not of paymux's own declarations.
const KIT_NEEDS_DOM =
  "@solana/kit's .d.ts name WebCrypto and DOM event types (CryptoKey, CryptoKeyPair, AddEventListenerOptions) that @types/node 20 does not declare";
// ox (viem's core) ships CommonJS-format .d.ts that import ESM-only abitype types (TS1479/TS1541 under node16) and
// name WebCrypto/WebAuthn types @types/node 20 lacks; errors there are ignored, everything else is still checked.
const OX = {
  ignoreErrorsIn: ["node_modules/ox/"],
  ignoreReason: "ox's CommonJS .d.ts import ESM-only abitype and name DOM WebCrypto/WebAuthn types",
};
const VIEM_ESM_TYPES =
  'viem\'s types are ESM-only (_types/package.json is "type": "module"), so no .cts file can import viem, or a package whose .d.cts imports it, under node16';

export const SMOKES = {
  core: {
    imports: [
      ["@paymux/core", ["decodePaymentRequired", "readOffersV2", "parseUnits", "isPaymuxError"]],
      ["@paymux/core/server", ["memoryStore"]],
    ],
    body: `
const offers = readOffersV2(decodePaymentRequired("${GOLDEN_PAYMENT_REQUIRED}"));
const offer = offers[0];
check(offers.length === 1 && offer !== undefined, "one offer in the golden header");
check(offer.amount === 10000n && offer.network === "eip155:84532" && offer.payTo === "${PAY_TO}", "offer fields");
check(parseUnits("0.01", 6) === 10000n, "parseUnits");
let refused = false;
try {
  parseUnits("1e-2", 6);
} catch (error) {
  refused = isPaymuxError(error);
}
check(refused, "an exponent is refused with a PaymuxError");
const store = memoryStore();
check(await store.claim("k", { state: "claimed", updatedAt: Date.now(), owner: "a" }, 1000), "first claim");
check(!(await store.claim("k", { state: "claimed", updatedAt: Date.now(), owner: "b" }, 1000)), "second claim loses");
`,
  },

  client: {
    install: ["@paymux/core"],
    imports: [["@paymux/client", ["readOffers", "wrapFetch", "paymentOf"]]],
    body: `
const challenge = () =>
  new Response("{}", { status: 402, headers: { "PAYMENT-REQUIRED": "${GOLDEN_PAYMENT_REQUIRED}" } });
const read = await readOffers(challenge());
const offer = read.offers[0];
check(read.errors.length === 0 && read.offers.length === 1 && offer !== undefined, "one offer read");
check(offer.amount === 10000n && offer.source.dialect === "x402-v2", "offer read from PAYMENT-REQUIRED");

// A whole round trip against a fake server and a fake payer: 402 → policy → sign → retry with the credential.
let credential = "";
const pay = wrapFetch(
  async (request) => {
    credential = request.headers.get("PAYMENT-SIGNATURE") ?? "";
    if (credential === "") return challenge();
    return new Response("paid", { status: 200, headers: { "PAYMENT-RESPONSE": "${GOLDEN_PAYMENT_RESPONSE}" } });
  },
  {
    payers: [
      {
        scheme: "exact",
        networks: ["eip155:*"],
        createPayload: async () => ({
          payload: {
            signature:
              "0x2d6a7588d6acca505cbf0d9a4a227e0c52c6c34008c8e8986a1283259764173608a2ce6496642e377d6da8dbbf5836e9bd15092f9ecab05ded3d6293af148b571c",
            authorization: {
              from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
              to: "${PAY_TO}",
              value: "10000",
              validAfter: "1740672089",
              validBefore: "1740672154",
              nonce: "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
            },
          },
          payer: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
        }),
      },
    ],
    policy: { maxPerPayment: "$0.05" },
  },
);
const response = await pay("https://api.example.com/premium-data");
check(response.status === 200 && (await response.text()) === "paid", "paid response");
check(credential !== "", "the retry carried PAYMENT-SIGNATURE");
check(paymentOf(response)?.receipt?.success === true, "receipt read from PAYMENT-RESPONSE");
`,
  },

  "chain-evm": {
    node16: { ...OX, noCts: VIEM_ESM_TYPES },
    imports: [
      ["@paymux/chain-evm", ["transferWithAuthorizationTypedData"]],
      ["@paymux/chain-evm/client", ["exactEvmPayer"]],
      ["@paymux/chain-evm/server", ["exactEvmPayee"]],
      ["viem", ["verifyTypedData"]],
      ["viem/accounts", ["privateKeyToAccount"]],
    ],
    body: `
const account = privateKeyToAccount("${DEV_KEY}");
// No request reaches the RPC URL: offers come from core's asset table, signing is local.
const payee = exactEvmPayee({ rpcUrls: { "eip155:84532": "http://127.0.0.1:9" } });
const offer = await payee.createOffer({ price: "$0.01", network: "eip155:84532", payTo: "${PAY_TO}" });
check(offer !== undefined && offer.amount === 10000n, "a $0.01 USDC offer on Base Sepolia");
const payer = exactEvmPayer({ signer: account });
const created = await payer.createPayload(offer, { dialect: "x402-v2" });
check(created.payer === account.address, "signed by the account");
// The payload as it travels (JSON), checked with viem's own EIP-712 recovery.
const wire = JSON.parse(JSON.stringify({ payload: created.payload, asset: offer.asset }));
const typed = transferWithAuthorizationTypedData(
  { name: "USDC", version: "2", chainId: 84532, verifyingContract: wire.asset },
  {
    ...wire.payload.authorization,
    value: BigInt(wire.payload.authorization.value),
    validAfter: BigInt(wire.payload.authorization.validAfter),
    validBefore: BigInt(wire.payload.authorization.validBefore),
  },
);
const valid = await verifyTypedData({ ...typed, address: account.address, signature: wire.payload.signature });
check(valid, "the EIP-3009 signature recovers to the payer");
`,
  },

  "chain-solana": {
    node16: { dom: KIT_NEEDS_DOM },
    imports: [
      ["node:http", ["createServer"]],
      ["node:events", ["once"]],
      ["@paymux/chain-solana", ["decodeWireTransaction", "SPL_TOKEN_PROGRAM"]],
      ["@paymux/chain-solana/client", ["exactSolanaPayer"]],
      ["@paymux/chain-solana/server", ["exactSolanaPayee"]],
      ["@solana/kit", ["createSolanaRpc", "generateKeyPairSigner"]],
    ],
    body: `
// A loopback JSON-RPC that knows two answers: every account is a 6-decimal SPL mint (so the USDC mint reads and
// the recipient's token account exists), and one fixed blockhash. Enough to make an offer and sign a payment.
const mint = new Uint8Array(82);
mint[44] = 6; // decimals
mint[45] = 1; // initialized
const account = { data: [Buffer.from(mint).toString("base64"), "base64"], executable: false, lamports: 1461600, owner: SPL_TOKEN_PROGRAM, rentEpoch: 0, space: 82 };
const blockhash = { blockhash: "EkSnNWid2cvwEVnVx9aBqawnmiCNiDgp3gUdkDPTKN1N", lastValidBlockHeight: 100 };
const rpcServer = createServer((request, response) => {
  let body = "";
  request.on("data", (chunk) => {
    body += chunk;
  });
  request.on("end", () => {
    const call = JSON.parse(body);
    const value = call.method === "getAccountInfo" ? account : call.method === "getLatestBlockhash" ? blockhash : undefined;
    const reply = value === undefined
      ? { jsonrpc: "2.0", id: call.id, error: { code: -32601, message: \`\${call.method} is not in the smoke RPC\` } }
      : { jsonrpc: "2.0", id: call.id, result: { context: { slot: 1 }, value } };
    response.setHeader("content-type", "application/json");
    response.end(JSON.stringify(reply));
  });
});
rpcServer.listen(0, "127.0.0.1");
await once(rpcServer, "listening");
try {
  const address = rpcServer.address();
  check(address !== null && typeof address === "object", "RPC listening");
  const rpc = createSolanaRpc(\`http://127.0.0.1:\${address.port}\`);
  const feePayer = await generateKeyPairSigner();
  const recipient = await generateKeyPairSigner();
  const payee = exactSolanaPayee({ rpc: { "${SOLANA_DEVNET}": rpc }, feePayer });
  const offer = await payee.createOffer({ price: "$0.01", network: "${SOLANA_DEVNET}", payTo: recipient.address });
  check(offer !== undefined && offer.amount === 10000n, "a $0.01 USDC offer on devnet");
  check(offer.extra["feePayer"] === feePayer.address, "the offer names the sponsoring fee payer");
  const signer = await generateKeyPairSigner();
  const created = await exactSolanaPayer({ signer, rpc }).createPayload(offer, { dialect: "x402-v2" });
  check(created.payer === signer.address, "paid by the signer");
  const transaction = created.payload["transaction"];
  check(typeof transaction === "string", "a wire transaction");
  const decoded = decodeWireTransaction(transaction);
  check(decoded.message.staticAccounts[0] === feePayer.address, "the fee payer's slot is first, left to the server");
} finally {
  rpcServer.close();
}
`,
  },

  "server-express": {
    install: ["@paymux/core"],
    imports: [
      ["express", ["default:express"]],
      ["node:events", ["once"]],
      ["@paymux/server-express", ["paymux"]],
    ],
    body: `
const pay = paymux({ payees: [${FAKE_PAYEE}], payTo: { "eip155:84532": "${PAY_TO}" } });
const app = express();
app.get("/paid", pay.charge({ price: "$0.01" }), (_request, response) => {
  response.json({ paid: true });
});
const server = app.listen(0, "127.0.0.1");
await once(server, "listening");
try {
  const address = server.address();
  check(address !== null && typeof address === "object", "listening on a TCP port");
  const response = await fetch(\`http://127.0.0.1:\${address.port}/paid\`);
  await response.arrayBuffer();
  check(response.status === 402, \`402 expected, got \${response.status}\`);
  check(response.headers.get("PAYMENT-REQUIRED") !== null, "PAYMENT-REQUIRED header");
  check(response.headers.get("WWW-Authenticate") !== null, "WWW-Authenticate challenges");
} finally {
  server.close();
  await pay.close();
}
`,
  },

  "server-hono": {
    install: ["@paymux/core"],
    imports: [
      ["hono", ["Hono"]],
      ["@paymux/server-hono", ["paymux"]],
    ],
    body: `
const pay = paymux({ payees: [${FAKE_PAYEE}], payTo: { "eip155:84532": "${PAY_TO}" } });
const app = new Hono();
app.get("/paid", pay.charge({ price: "$0.01" }), (c) => c.json({ paid: true }));
const response = await app.request("/paid");
check(response.status === 402, \`402 expected, got \${response.status}\`);
check(response.headers.get("PAYMENT-REQUIRED") !== null, "PAYMENT-REQUIRED header");
check(response.headers.get("Cache-Control") === "no-store", "Cache-Control: no-store");
await pay.close();
`,
  },

  "store-redis": {
    redis: true,
    imports: [["@paymux/store-redis", ["redisStore"]]],
    body: `
const url = process.env["PAYMUX_SMOKE_REDIS_URL"];
// Without a Redis (a machine without redis-server) the store is only built: it connects on first use.
const store = redisStore({ url: url ?? "redis://127.0.0.1:1" });
if (url !== undefined) {
  const key = \`smoke:\${KIND}:\${Date.now()}\`;
  check(await store.claim(key, { state: "claimed", updatedAt: Date.now(), owner: "a" }, 60_000), "first claim");
  check(!(await store.claim(key, { state: "claimed", updatedAt: Date.now(), owner: "b" }, 60_000)), "second claim loses");
  check((await store.get(key))?.owner === "a", "record read back");
}
await store.close();
`,
  },

  facilitator: {
    node16: { ...OX, dom: KIT_NEEDS_DOM, noCts: VIEM_ESM_TYPES },
    install: ["@paymux/chain-evm", "@paymux/chain-solana", "viem", "@solana/kit"],
    imports: [
      ["@paymux/facilitator", ["createFacilitator"]],
      ["@paymux/chain-evm/server", ["exactEvmPayee"]],
      ["@paymux/chain-solana/server", ["exactSolanaPayee"]],
      ["viem/accounts", ["privateKeyToAccount"]],
      ["@solana/kit", ["createSolanaRpc", "generateKeyPairSigner"]],
    ],
    body: `
const settler = privateKeyToAccount("${DEV_KEY}");
const feePayer = await generateKeyPairSigner();
const facilitator = createFacilitator({
  payees: [
    exactEvmPayee({ rpcUrls: { "eip155:84532": "http://127.0.0.1:9" }, settler }),
    exactSolanaPayee({ rpc: { "${SOLANA_DEVNET}": createSolanaRpc("http://127.0.0.1:9") }, feePayer }),
  ],
});
const response = await facilitator.fetch(new Request("http://facilitator.test/x402/supported"));
check(response.status === 200, \`200 expected, got \${response.status}\`);
const supported = JSON.parse(await response.text());
const kinds = JSON.stringify(supported.kinds);
check(kinds.includes('"network":"eip155:84532"'), "Base Sepolia listed");
check(kinds.includes(feePayer.address), "the Solana fee payer advertised");
check(JSON.stringify(supported.signers).includes(settler.address), "the EVM settler listed");
`,
  },

  local: {
    node16: { ...OX, dom: KIT_NEEDS_DOM, noCts: VIEM_ESM_TYPES },
    imports: [["@paymux/local", ["startLocalPayments"]]],
    body: `
// The published package's anvil binary, compiled test USDC and LiteSVM addon, for real.
const local = await startLocalPayments();
try {
  const payer = await local.createPayer();
  check(payer.payers.length > 0, "a funded payer with payers");
  check(local.payees.length > 0, "payees on the local chains");
  check(local.evm !== undefined && local.evm.caip2 === "eip155:31337", "anvil running");
} finally {
  await local.stop();
}
`,
  },

  testing: {
    node16: { ...OX, dom: KIT_NEEDS_DOM, noCts: VIEM_ESM_TYPES },
    imports: [
      ["@paymux/testing/evm", ["startAnvil"]],
      ["@paymux/testing/payments", ["payX402"]],
    ],
    body: `
check(typeof payX402 === "function", "payments helpers");
const anvil = await startAnvil();
try {
  const response = await fetch(anvil.rpcUrl, {
    method: "POST",
    headers: { "content-type": "application/json" },
    body: JSON.stringify({ jsonrpc: "2.0", id: 1, method: "eth_chainId", params: [] }),
  });
  check(JSON.parse(await response.text()).result === "0x7a69", "anvil answers eth_chainId 31337");
} finally {
  await anvil.stop();
}
`,
  },

  cli: {
    node16: { ...OX, dom: KIT_NEEDS_DOM, noCts: VIEM_ESM_TYPES },
    bin: ["paymux", "--help"],
    binExpect: /paymux (demo|dev|pay)/,
    imports: [["paymux", ["runPay", "PAY_USAGE"]]],
    body: `
check(typeof runPay === "function" && PAY_USAGE.includes("paymux pay"), "the CLI's programmatic API");
`,
  },
};
