import { existsSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, it, vi } from "vitest";
import { DEV_PORTS, EPHEMERAL_PORTS, MAX_TEST_SLOT, RESERVED_PORTS, TEST_PORTS, slotPort } from "./ports";

/** Every range of ports the tests take over all slots (1 to MAX_TEST_SLOT), and whose it is. */
const RANGES = [
  ...Object.entries(TEST_PORTS).flatMap(([file, ports]) =>
    Object.entries(ports).map(([role, base]) => ({
      what: `${file} (${role})`,
      from: base + 1,
      to: base + MAX_TEST_SLOT,
    })),
  ),
  {
    what: "test/e2e/dev*.test.ts (exports dev)",
    from: DEV_PORTS.base + DEV_PORTS.perSlot,
    to: DEV_PORTS.base + DEV_PORTS.perSlot * (MAX_TEST_SLOT + 1) - 1,
  },
];

afterEach(() => vi.unstubAllEnvs());

describe("the test port table", () => {
  it("never gives one port to two test files, nor a port taken outside the tests", () => {
    const all = [...RANGES, ...RESERVED_PORTS];
    const overlaps = all.flatMap((a, i) =>
      all
        .slice(i + 1)
        .filter((b) => a.from <= b.to && b.from <= a.to)
        .map((b) => `${a.what} and ${b.what}`),
    );
    expect(overlaps).toEqual([]);
  });

  it("takes only ports an unprivileged process may listen on", () => {
    for (const range of RANGES) {
      expect(range.from, range.what).toBeGreaterThanOrEqual(1024);
      expect(range.to, range.what).toBeLessThanOrEqual(65535);
    }
  });

  it("takes no port Linux may give an outgoing connection, so no client takes a test's port first", () => {
    const inside = RANGES.filter((range) => range.to >= EPHEMERAL_PORTS.from && range.from <= EPHEMERAL_PORTS.to);
    expect(inside.map((range) => range.what)).toEqual([]);
  });

  it("names test files that exist", () => {
    for (const file of Object.keys(TEST_PORTS))
      expect(existsSync(join(import.meta.dirname, "..", file)), file).toBe(true);
  });

  it("gives the last slot it was laid out for its port, and refuses one past it", () => {
    vi.stubEnv("EXPORTS_TEST_SLOT", "15");
    vi.stubEnv("VITEST_POOL_ID", "16");
    expect(slotPort(20480)).toBe(20480 + MAX_TEST_SLOT);
    vi.stubEnv("EXPORTS_TEST_SLOT", "16");
    vi.stubEnv("VITEST_POOL_ID", "1");
    expect(() => slotPort(20480)).toThrow("EXPORTS_TEST_SLOT goes from 0 to 15");
  });
});
