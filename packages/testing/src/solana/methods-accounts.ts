// RPC methods that read accounts.
import type { Address } from "@solana/kit";
import { accountEncodingFrom, encodeAccount, readAccount } from "./accounts.js";
import { invalidParams } from "./errors.js";
import type { EngineInternals, MethodTable } from "./internals.js";
import { checkContext, configAt, invalidType, required, toAddress } from "./params.js";
import { decodeMint, decodeTokenAccount, isTokenProgram, type MintView, uiTokenAmount } from "./token.js";

/** The account-reading RPC methods. */
export function accountMethods(engine: EngineInternals): MethodTable {
  const { svm, chain } = engine;

  const mintOf = (address: Address): MintView => {
    const account = readAccount(svm, address);
    const mint = account === null ? null : decodeMint(account.data, account.owner);
    if (mint === null) throw invalidParams("Invalid param: could not find mint");
    return mint;
  };

  return {
    getAccountInfo(params) {
      const address = toAddress(required(params, 0, "pubkey"));
      const config = configAt(params, 1);
      checkContext(config, chain.slot());
      const encoding = accountEncodingFrom(config);
      const account = readAccount(svm, address);
      return engine.withContext(account === null ? null : encodeAccount(svm, account, encoding));
    },

    getMultipleAccounts(params) {
      const list = required(params, 0, "pubkeys");
      if (!Array.isArray(list)) throw invalidType(list, "a sequence of addresses");
      if (list.length > 100) throw invalidParams("Invalid params: Too many inputs provided; max 100");
      const config = configAt(params, 1);
      checkContext(config, chain.slot());
      const encoding = accountEncodingFrom(config);
      return engine.withContext(
        list.map((item) => {
          const account = readAccount(svm, toAddress(item));
          return account === null ? null : encodeAccount(svm, account, encoding);
        }),
      );
    },

    getBalance(params) {
      const address = toAddress(required(params, 0, "pubkey"));
      checkContext(configAt(params, 1), chain.slot());
      return engine.withContext(readAccount(svm, address)?.lamports ?? 0n);
    },

    getTokenAccountBalance(params) {
      const address = toAddress(required(params, 0, "pubkey"));
      checkContext(configAt(params, 1), chain.slot());
      const account = readAccount(svm, address);
      if (account === null) throw invalidParams("Invalid param: could not find account");
      const token = decodeTokenAccount(account.data, account.owner);
      if (token === null) throw invalidParams("Invalid param: not a Token account");
      return engine.withContext(uiTokenAmount(token.amount, mintOf(token.mint).decimals));
    },

    getTokenSupply(params) {
      const address = toAddress(required(params, 0, "mint"));
      checkContext(configAt(params, 1), chain.slot());
      const mint = mintOf(address);
      return engine.withContext(uiTokenAmount(mint.supply, mint.decimals));
    },

    getTokenAccountsByOwner(params) {
      const owner = toAddress(required(params, 0, "owner"));
      const filter = required(params, 1, "filter");
      if (typeof filter !== "object" || Array.isArray(filter))
        throw invalidType(filter, "a mint or programId filter");
      const { mint, programId } = filter as { mint?: unknown; programId?: unknown };
      if ((mint === undefined) === (programId === undefined)) {
        throw invalidParams("Invalid params: the filter must have exactly one of `mint` and `programId`.");
      }
      const config = configAt(params, 2);
      checkContext(config, chain.slot());
      const encoding = accountEncodingFrom(config);
      let program: Address;
      let mintAddress: Address | undefined;
      if (mint !== undefined) {
        mintAddress = toAddress(mint);
        program = mintOf(mintAddress).programId;
      } else {
        program = toAddress(programId);
        if (!isTokenProgram(program)) throw invalidParams("Invalid param: unrecognized Token program id");
      }
      const value = [];
      for (const account of svm.getProgramAccounts(program)) {
        const data = account.data as Uint8Array;
        const token = decodeTokenAccount(data, program);
        if (token === null || token.owner !== owner) continue;
        if (mintAddress !== undefined && token.mint !== mintAddress) continue;
        const snapshot = {
          address: account.address,
          lamports: account.lamports,
          owner: account.programAddress,
          executable: account.executable,
          data,
        };
        value.push({ account: encodeAccount(svm, snapshot, encoding), pubkey: account.address });
      }
      return engine.withContext(value);
    },
  };
}
