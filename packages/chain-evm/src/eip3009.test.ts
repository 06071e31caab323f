import { hashTypedData, keccak256, stringToHex } from "viem";
import { describe, expect, it } from "vitest";
import {
  challengeHash,
  domainFromExtra,
  evmDidPkh,
  TRANSFER_WITH_AUTHORIZATION_TYPEHASH,
  transferWithAuthorizationTypedData,
} from "./eip3009.js";

describe("EIP-3009 shared facts", () => {
  it("the type hash is keccak256 of the canonical type string", () => {
    expect(
      keccak256(
        stringToHex(
          "TransferWithAuthorization(address from,address to,uint256 value,uint256 validAfter,uint256 validBefore,bytes32 nonce)",
        ),
      ),
    ).toBe(TRANSFER_WITH_AUTHORIZATION_TYPEHASH);
  });

  it("builds the typed data of x402.md §9.3 (digest matches the vector)", () => {
    const typedData = transferWithAuthorizationTypedData(
      {
        name: "USDC",
        version: "2",
        chainId: 84532,
        verifyingContract: "0x036CbD53842c5426634e7929541eC2318f3dCF7e",
      },
      {
        from: "0x857b06519E91e3A54538791bDbb0E22373e36b66",
        to: "0x209693Bc6afc0C5328bA36FaF03C514EF312287C",
        value: 10_000n,
        validAfter: 1_740_672_089n,
        validBefore: 1_740_672_154n,
        nonce: "0xf3746613c2d920b5fdabc0856f2aeb2d4f88ee6037b8cc5d04a71a4462f13480",
      },
    );
    expect(hashTypedData(typedData)).toBe(
      "0xf256992871671abcb27ff92885a7afa46218724e5fc0bac35d050115aa1d22e6",
    );
  });

  it("challengeHash is keccak256(utf8(id) ‖ utf8(realm)) (payment-auth E1)", () => {
    expect(challengeHash("pBm1-gcySyu6XWvrnasN7bgOyZ67xj53WhaiOEWAMKw", "api.example.com")).toBe(
      "0x421a2b70900d95557c590daf229df4d1addd21298448b394546cfad9a8c2e806",
    );
    // Raw concatenation, no separator: moving a character across the boundary gives the same hash.
    expect(challengeHash("ab", "c")).toBe(challengeHash("a", "bc"));
  });

  it("did:pkh uses the checksummed address", () => {
    expect(evmDidPkh(84532, "0xf39fd6e51aad88f6f4ce6ab8827279cfffb92266")).toBe(
      "did:pkh:eip155:84532:0xf39Fd6e51aad88F6F4ce6aB8827279cffFb92266",
    );
  });

  it("reads name/version from extra only when both are non-empty strings", () => {
    expect(domainFromExtra({ name: "USDC", version: "2", other: 1 })).toEqual({ name: "USDC", version: "2" });
    expect(domainFromExtra({ name: "USDC" })).toBeUndefined();
    expect(domainFromExtra({ name: "USDC", version: 2 })).toBeUndefined();
    expect(domainFromExtra(undefined)).toBeUndefined();
  });
});
