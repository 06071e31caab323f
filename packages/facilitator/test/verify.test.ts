// /supported and /verify on real local chains (anvil impersonating Base Sepolia, LiteSVM impersonating devnet,
// so the v1 network names are the real ones).
import {
  type Offer,
  parseSchema,
  SupportedResponseSchema,
  VerifyResponseSchema,
  X402_REASONS,
} from "@paymux/core";
import { type LocalPayer, type LocalPayments, startLocalPayments } from "@paymux/local";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createFacilitator, type Facilitator, type FacilitatorEvent } from "../src/index.js";
import { type Body, exactPayer, get, payV1, payV2, post, withAmount } from "./helpers.js";

let local: LocalPayments;
let payer: LocalPayer;
let facilitator: Facilitator;
let evm: string;
let solana: string;
const events: FacilitatorEvent[] = [];

beforeAll(async () => {
  local = await startLocalPayments({
    evm: { impersonate: "base-sepolia" },
    solana: { impersonate: "devnet" },
  });
  payer = await local.createPayer();
  evm = local.evm?.caip2 as string;
  solana = local.solana?.caip2 as string;
  facilitator = createFacilitator({ payees: local.payees, onEvent: (event) => events.push(event) });
});
afterAll(() => local?.stop());

async function offerOn(network: string): Promise<Offer> {
  const payee = local.payees.find((entry) => entry.scheme === "exact" && entry.networks.includes(network));
  const offer = await payee?.createOffer({
    price: "$0.001",
    network: network as Offer["network"],
    payTo: (local.payTo as Readonly<Record<string, string>>)[network] as string,
  });
  if (!offer) throw new Error(`no exact offer on ${network}`);
  return offer;
}

async function verify(body: unknown) {
  const response = await post(facilitator, "/verify", body);
  expect(response.status).toBe(200);
  return parseSchema(VerifyResponseSchema, await response.json(), "verify response");
}

describe("GET /supported", () => {
  it("lists exact on both chains for x402 v1 and v2, with Solana's fee payer and the signers", async () => {
    const response = await get(facilitator, "/supported");
    expect(response.status).toBe(200);
    const body = parseSchema(SupportedResponseSchema, await response.json(), "supported");
    const feePayer = local.solana?.feePayer as string;
    expect(body.kinds).toEqual(
      expect.arrayContaining([
        { x402Version: 2, scheme: "exact", network: "eip155:84532" },
        { x402Version: 1, scheme: "exact", network: "base-sepolia" },
        { x402Version: 2, scheme: "exact", network: solana, extra: { feePayer } },
        { x402Version: 1, scheme: "exact", network: "solana-devnet", extra: { feePayer } },
      ]),
    );
    // paymux's push payees are listed as well (other SDKs skip schemes they do not know).
    expect(body.kinds.filter((kind) => kind.scheme === "exact")).toHaveLength(4);
    expect(body.kinds.filter((kind) => kind.scheme === "push")).toHaveLength(4);
    expect(body.extensions).toEqual([]);
    expect(body.signers["eip155:*"]).toEqual([local.evm?.settler.address]);
    expect(body.signers["solana:*"]).toEqual([feePayer]);
    expect(facilitator.supported()).toEqual(body);
  });

  it("works mounted under a prefix and answers HEAD", async () => {
    expect((await get(facilitator, "/x402/facilitator/supported")).status).toBe(200);
    const head = await facilitator.fetch(new Request("http://f.test/supported", { method: "HEAD" }));
    expect(head.status).toBe(200);
  });
});

describe("POST /verify", () => {
  it("accepts a valid EVM payment and names the payer", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    expect(await verify(body)).toEqual({ isValid: true, payer: payer.evm?.address });
  });

  it("accepts a valid Solana payment and names the payer", async () => {
    const body = await payV2(exactPayer(payer.payers, solana), await offerOn(solana));
    expect(await verify(body)).toEqual({ isValid: true, payer: payer.solana?.address });
  });

  it("refuses an EVM authorization for less than the requirements ask", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const result = await verify(withAmount(body, "2000"));
    expect(result).toMatchObject({ isValid: false, invalidReason: X402_REASONS.evmValue });
    expect(result.payer).toBe(payer.evm?.address);
  });

  it("refuses a Solana transfer of another amount than the requirements ask", async () => {
    const body = await payV2(exactPayer(payer.payers, solana), await offerOn(solana));
    const result = await verify(withAmount(body, "2000"));
    expect(result).toMatchObject({ isValid: false, invalidReason: X402_REASONS.svmAmountMismatch });
  });

  it("refuses a payload whose accepted requirements differ from the server's", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const tampered: Body = structuredClone(body);
    tampered.paymentRequirements["amount"] = "2000";
    expect(await verify(tampered)).toMatchObject({
      isValid: false,
      invalidReason: X402_REASONS.invalidPaymentRequirements,
    });
  });

  it("refuses a tampered signature", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const payload = body.paymentPayload["payload"] as { authorization: { value: string } };
    payload.authorization.value = "999";
    const result = await verify(body);
    expect(result.isValid).toBe(false);
    expect(result.invalidReason).toBe(X402_REASONS.evmSignature);
  });

  it("answers unsupported schemes and networks with isValid false", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    const upto = structuredClone(body);
    upto.paymentRequirements["scheme"] = "upto";
    expect(await verify(upto)).toMatchObject({
      isValid: false,
      invalidReason: X402_REASONS.unsupportedScheme,
    });
    const mainnet = structuredClone(body);
    mainnet.paymentRequirements["network"] = "eip155:8453";
    expect(await verify(mainnet)).toMatchObject({
      isValid: false,
      invalidReason: X402_REASONS.invalidNetwork,
    });
  });

  it("verifies x402 v1 bodies with v1 network names on both chains", async () => {
    const onEvm = await payV1(exactPayer(payer.payers, evm), await offerOn(evm));
    expect(onEvm.paymentRequirements["network"]).toBe("base-sepolia");
    expect(await verify(onEvm)).toEqual({ isValid: true, payer: payer.evm?.address });
    const onSolana = await payV1(exactPayer(payer.payers, solana), await offerOn(solana));
    expect(onSolana.paymentRequirements["network"]).toBe("solana-devnet");
    expect(await verify(onSolana)).toEqual({ isValid: true, payer: payer.solana?.address });
    expect(await verify(withAmount(onEvm, "5"))).toMatchObject({
      isValid: false,
      invalidReason: X402_REASONS.evmValue,
    });
  });

  it("emits verify events without payloads or signatures", async () => {
    const body = await payV2(exactPayer(payer.payers, evm), await offerOn(evm));
    await verify(body);
    const last = events.at(-1);
    expect(last).toMatchObject({ type: "verify", x402Version: 2, network: evm, isValid: true });
    const signature = (body.paymentPayload["payload"] as { signature: string }).signature;
    expect(JSON.stringify(events)).not.toContain(signature);
  });
});
