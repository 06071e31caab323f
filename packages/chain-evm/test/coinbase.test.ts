// The Coinbase SDK adapter against the SDK's real code with only its HTTP layer stubbed: the CDP API is not
// reachable here. axios-mock-adapter (an SDK dependency) is installed on the SDK's own axios before
// `Coinbase.configure` creates its instance, so request building, JWT auth and response models all run.
import { generateKeyPairSync } from "node:crypto";
import { createRequire } from "node:module";
import { Coinbase, Wallet, WalletAddress } from "@coinbase/coinbase-sdk";
import type { Offer } from "@paymux/core";
import { type LocalEvmChain, mintTestUsdc, startLocalEvmChain } from "@paymux/testing/evm";
import { type Hex, verifyTypedData } from "viem";
import { generatePrivateKey, privateKeyToAccount } from "viem/accounts";
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import { fromCoinbaseWallet } from "../src/client/coinbase.js";
import { exactEvmPayer } from "../src/client/index.js";
import { transferWithAuthorizationTypedData } from "../src/eip3009.js";
import { exactEvmPayee } from "../src/server/index.js";
import { balanceOf, localUsdc, payX402 } from "./helpers.js";

// Resolve axios, its mock adapter and ethers from the SDK's location, so they are the instances it uses.
const sdkRequire = createRequire(createRequire(import.meta.url).resolve("@coinbase/coinbase-sdk"));
const axios = sdkRequire("axios");
const MockAdapter = sdkRequire("axios-mock-adapter");
const { Wallet: EthersWallet } = sdkRequire("ethers");

const key = generatePrivateKey();
const account = privateKeyToAccount(key);
const WALLET_ID = "00000000-0000-4000-8000-000000000001";
const apiKey = generateKeyPairSync("ec", {
  namedCurve: "prime256v1",
  privateKeyEncoding: { type: "sec1", format: "pem" },
  publicKeyEncoding: { type: "spki", format: "pem" },
}).privateKey;

type Recorded = { url: string; authorization: string; body: Record<string, unknown> };
let mock: InstanceType<typeof MockAdapter>;
let recorded: Recorded[];

function addressModel() {
  return {
    wallet_id: WALLET_ID,
    network_id: "base-sepolia",
    public_key: account.publicKey,
    address_id: account.address,
    index: 0,
  };
}

function configure(useServerSigner: boolean) {
  mock = new MockAdapter(axios.default ?? axios);
  recorded = [];
  Coinbase.configure({ apiKeyName: "organizations/test/apiKeys/test", privateKey: apiKey, useServerSigner });
}

function record(config: { url?: string; headers?: Record<string, unknown>; data?: string }) {
  const body = config.data ? (JSON.parse(config.data) as Record<string, unknown>) : {};
  recorded.push({
    url: config.url ?? "",
    authorization: String(config.headers?.["Authorization"] ?? ""),
    body,
  });
  return body;
}

const typedData = transferWithAuthorizationTypedData(
  {
    name: "USDC",
    version: "2",
    chainId: 84532,
    verifyingContract: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
  },
  {
    from: account.address,
    to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
    value: 10_000n,
    validAfter: 0n,
    validBefore: 2_000_000_000n,
    nonce: `0x${"11".repeat(32)}`,
  },
);

afterEach(() => {
  mock?.restore();
});

describe("fromCoinbaseWallet (Coinbase SDK 0.25, HTTP stubbed)", () => {
  it("a WalletAddress with a developer-managed key signs the EIP-712 digest through createPayloadSignature", async () => {
    configure(false);
    mock.onPost(/\/payload_signatures$/).reply((config: Parameters<typeof record>[0]) => {
      const body = record(config);
      return [
        200,
        {
          payload_signature_id: "ps-1",
          wallet_id: WALLET_ID,
          address_id: account.address,
          unsigned_payload: body["unsigned_payload"],
          signature: body["signature"],
          status: "signed",
        },
      ];
    });
    const signer = await fromCoinbaseWallet(new WalletAddress(addressModel(), new EthersWallet(key)));
    expect(signer.address).toBe(account.address);
    const signature = await signer.signTypedData(typedData);

    expect(await verifyTypedData({ ...typedData, address: account.address, signature })).toBe(true);
    expect(signature).toBe(await account.signTypedData(typedData));
    const [call] = recorded;
    expect(call?.url).toContain(`/v1/wallets/${WALLET_ID}/addresses/${account.address}/payload_signatures`);
    expect(call?.authorization).toMatch(/^Bearer [\w-]+\.[\w-]+\.[\w-]+$/);
    expect(call?.body["unsigned_payload"]).toMatch(/^(0x)?[0-9a-f]{64}$/);
  });

  it("a Server-Signer wallet: the pending signature is polled until signed", async () => {
    configure(true);
    let unsigned = "";
    mock.onPost(/\/payload_signatures$/).reply((config: Parameters<typeof record>[0]) => {
      const body = record(config);
      unsigned = String(body["unsigned_payload"]);
      expect(body["signature"]).toBeUndefined(); // the SDK holds no key: the server signs
      const model = { payload_signature_id: "ps-2", wallet_id: WALLET_ID, address_id: account.address };
      return [200, { ...model, unsigned_payload: unsigned, status: "pending" }];
    });
    mock.onGet(/\/payload_signatures\/ps-2$/).reply(async () => {
      const hash = (unsigned.startsWith("0x") ? unsigned : `0x${unsigned}`) as Hex;
      const signature = await account.sign({ hash });
      const model = { payload_signature_id: "ps-2", wallet_id: WALLET_ID, address_id: account.address };
      return [200, { ...model, unsigned_payload: unsigned, signature, status: "signed" }];
    });
    const wallet = Wallet.init(
      {
        id: WALLET_ID,
        network_id: "base-sepolia",
        default_address: addressModel(),
        feature_set: {} as never,
      },
      undefined,
    );
    mock
      .onGet(new RegExp(`/v1/wallets/${WALLET_ID}/addresses(\\?.*)?$`))
      .reply(200, { data: [addressModel()], has_more: false, next_page: "", total_count: 1 });
    const signer = await fromCoinbaseWallet(wallet, { timeoutSeconds: 5 });
    const signature = await signer.signTypedData(typedData);
    expect(await verifyTypedData({ ...typedData, address: account.address, signature })).toBe(true);
  });
});

describe("a CDP wallet pays on a local chain", () => {
  let local: LocalEvmChain;
  beforeAll(async () => {
    local = await startLocalEvmChain();
    await mintTestUsdc({
      client: local.publicClient,
      token: local.usdc.address,
      minter: local.deployer,
      to: account.address,
      amount: 1_000_000n,
    });
  });
  afterAll(async () => {
    await local?.stop();
  });

  it("pay → verify → settle with the adapter as the exact payer's signer", async () => {
    configure(false);
    mock.onPost(/\/payload_signatures$/).reply((config: Parameters<typeof record>[0]) => {
      const body = record(config);
      return [
        200,
        {
          payload_signature_id: "ps-3",
          wallet_id: WALLET_ID,
          address_id: account.address,
          ...body,
          status: "signed",
        },
      ];
    });
    const assets = [localUsdc(local)];
    const payee = exactEvmPayee({
      clients: { [local.caip2]: local.publicClient },
      settler: local.settler,
      assets,
    });
    const offer = (await payee.createOffer({
      price: "$0.5",
      network: local.caip2,
      payTo: local.payee.address,
    })) as Offer;
    const signer = await fromCoinbaseWallet(new WalletAddress(addressModel(), new EthersWallet(key)));
    const { payment, context } = await payX402(exactEvmPayer({ signer, assets }), offer);
    expect(await payee.verify(payment, offer, context)).toEqual({ valid: true, payer: account.address });
    expect((await payee.settle(payment, offer, context)).success).toBe(true);
    expect(await balanceOf(local, account.address)).toBe(500_000n);
  });
});
