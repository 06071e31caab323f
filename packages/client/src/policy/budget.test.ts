import { formatUnits } from "@paymux/core";
import { describe, expect, it } from "vitest";
import { createBudget } from "./budget.js";
import { offer, refusal, solOffer, UNKNOWN_TOKEN, USD18 } from "./test-helpers.js";

const CENT = 10n ** 16n; // $0.01 in the USD counting unit (10^-18 dollars)

describe("createBudget: total", () => {
  it("counts USD stablecoins of any decimals in one exact unit", () => {
    const budget = createBudget({ limit: "$0.03", assets: [USD18] });
    expect(budget.limit).toMatchObject({ kind: "usd", amount: 3n * CENT, decimals: 18 });
    budget.reserve(offer({ amount: 10_000n })).commit();
    budget.reserve(offer({ asset: USD18.address, amount: CENT })).commit();
    expect(budget.spent()).toBe(2n * CENT);
    expect(formatUnits(budget.remaining(), budget.limit.kind === "usd" ? budget.limit.decimals : 0)).toBe(
      "0.01",
    );
    // Exactly the rest fits; one atomic unit more does not.
    const tooMuch = refusal(() => budget.reserve(offer({ asset: USD18.address, amount: CENT + 1n })));
    expect(tooMuch.code).toBe("BUDGET_EXHAUSTED");
    expect(tooMuch.context).toMatchObject({
      rule: "budget",
      limit: String(3n * CENT),
      spent: String(2n * CENT),
      reserved: "0",
      requested: String(CENT + 1n),
    });
    budget.reserve(offer({ amount: 10_000n })).commit();
    expect(budget.remaining()).toBe(0n);
  });

  it("counts SOL in lamports", () => {
    const budget = createBudget({ limit: "0.5 SOL" });
    expect(budget.limit).toMatchObject({ kind: "symbol", symbol: "SOL", amount: 500_000_000n, decimals: 9 });
    budget.reserve(solOffer(400_000_000n)).commit();
    expect(budget.spent()).toBe(400_000_000n);
    expect(refusal(() => budget.reserve(solOffer(100_000_001n))).code).toBe("BUDGET_EXHAUSTED");
    budget.reserve(solOffer(100_000_000n)).commit();
    expect(budget.remaining()).toBe(0n);
  });

  it("counts one exact asset in atomic units", () => {
    const budget = createBudget({ limit: { amount: 10n, asset: UNKNOWN_TOKEN } });
    budget.reserve(offer({ asset: UNKNOWN_TOKEN, amount: 10n })).commit();
    expect(budget.spent()).toBe(10n);
    expect(refusal(() => budget.reserve(offer({ asset: UNKNOWN_TOKEN, amount: 1n }))).code).toBe(
      "BUDGET_EXHAUSTED",
    );
  });

  it("refuses offers its unit does not cover", () => {
    const cases = [
      [createBudget({ limit: "$1" }), solOffer(1n)],
      [createBudget({ limit: "$1" }), offer({ asset: UNKNOWN_TOKEN })],
      [createBudget({ limit: "1 SOL" }), offer()],
      [createBudget({ limit: { amount: 10n, asset: UNKNOWN_TOKEN } }), offer()],
    ] as const;
    for (const [budget, o] of cases) {
      const error = refusal(() => budget.reserve(o));
      expect(error.code).toBe("POLICY_REJECTED");
      expect(error.context["rule"]).toBe("budget");
      expect(budget.reserved()).toBe(0n);
    }
  });

  it("refuses non-positive amounts so they cannot refill the budget", () => {
    const budget = createBudget({ limit: "$1" });
    const error = refusal(() => budget.reserve(offer({ amount: -10_000n })));
    expect(error.code).toBe("POLICY_REJECTED");
    expect(error.context["rule"]).toBe("amount");
    expect(budget.remaining()).toBe(100n * CENT);
  });

  it("validates its parameters", () => {
    expect(refusal(() => createBudget({ limit: "lots" })).code).toBe("PRICE_INVALID");
    expect(refusal(() => createBudget({ limit: "1" })).code).toBe("PRICE_INVALID");
    expect(refusal(() => createBudget({ limit: "0.0000000001 SOL" })).code).toBe("PRICE_INVALID");
    expect(refusal(() => createBudget({ limit: "$1", windowMs: 0 })).code).toBe("CONFIG_INVALID");
    expect(refusal(() => createBudget({ limit: "$1", windowMs: Number.NaN })).code).toBe("CONFIG_INVALID");
  });
});

describe("createBudget: reservations", () => {
  it("hold room until settled; release frees it; settling twice is a no-op", () => {
    const budget = createBudget({ limit: "$0.02" });
    const first = budget.reserve(offer());
    const second = budget.reserve(offer());
    expect(first.amount).toBe(CENT);
    expect(budget.reserved()).toBe(2n * CENT);
    expect(refusal(() => budget.reserve(offer())).code).toBe("BUDGET_EXHAUSTED");

    second.release();
    second.release();
    second.commit(); // commit after release: no-op
    expect(budget.reserved()).toBe(CENT);
    expect(budget.spent()).toBe(0n);

    first.commit();
    first.commit();
    first.release(); // release after commit: no-op
    expect(budget.reserved()).toBe(0n);
    expect(budget.spent()).toBe(CENT);

    const third = budget.reserve(offer()); // the released room is usable again
    third.commit();
    expect(budget.spent()).toBe(2n * CENT);
    expect(budget.remaining()).toBe(0n);
  });

  it("never over-commits under 20 concurrent payers", async () => {
    const price = 10_000n; // $0.01 in USDC
    const budget = createBudget({ limit: "$0.07" });
    const pay = async () => {
      const reservation = budget.reserve(offer({ amount: price }));
      await new Promise((resolve) => setTimeout(resolve, 0));
      expect(budget.spent() + budget.reserved()).toBeLessThanOrEqual(budget.limit.amount);
      reservation.commit();
    };
    const results = await Promise.allSettled(Array.from({ length: 20 }, pay));
    const failures = results.filter((result) => result.status === "rejected");
    expect(results.length - failures.length).toBe(7);
    expect(failures).toHaveLength(13);
    for (const failure of failures) {
      expect((failure.reason as { code?: string }).code).toBe("BUDGET_EXHAUSTED");
    }
    expect(budget.spent()).toBe(7n * price * 10n ** 12n);
    expect(budget.reserved()).toBe(0n);
  });
});

describe("createBudget: rolling window", () => {
  it("stops counting spend committed more than windowMs ago", () => {
    let clock = 1_000_000;
    const budget = createBudget({ limit: "$0.02", windowMs: 60_000, now: () => clock });
    budget.reserve(offer()).commit(); // at t0
    clock += 30_000;
    budget.reserve(offer()).commit(); // at t0 + 30s
    expect(refusal(() => budget.reserve(offer())).code).toBe("BUDGET_EXHAUSTED");

    clock += 30_000; // exactly windowMs after the first: it still counts
    expect(budget.spent()).toBe(2n * CENT);
    clock += 1;
    expect(budget.spent()).toBe(CENT);
    const later = budget.reserve(offer());
    expect(refusal(() => budget.reserve(offer())).code).toBe("BUDGET_EXHAUSTED");
    later.commit();

    clock += 60_001;
    expect(budget.spent()).toBe(0n);
    expect(budget.remaining()).toBe(2n * CENT);
  });

  it("keeps a total budget forever without windowMs", () => {
    let clock = 0;
    const budget = createBudget({ limit: "$0.01", now: () => clock });
    budget.reserve(offer()).commit();
    clock += 10 ** 12;
    expect(budget.spent()).toBe(CENT);
    expect(refusal(() => budget.reserve(offer())).code).toBe("BUDGET_EXHAUSTED");
  });

  it("timestamps at commit, not at reserve", () => {
    let clock = 0;
    const budget = createBudget({ limit: "$0.01", windowMs: 1_000, now: () => clock });
    const reservation = budget.reserve(offer());
    clock = 5_000;
    reservation.commit();
    clock = 5_500;
    expect(budget.spent()).toBe(CENT);
  });
});
