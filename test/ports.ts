import { testSlot } from "./support";

/** The highest `EXPORTS_TEST_SLOT` the table is laid out for: sixteen test runs side by side. */
export const MAX_RUN = 15;
/** The highest `testSlot()` of those runs: Vitest numbers its workers from 1, sixteen per run. */
export const MAX_TEST_SLOT = 16 * MAX_RUN + 16;

/**
 * The ports of every test that listens, one row per test file: each port is its base plus
 * `testSlot()`, so each run and worker has its own. No range (a base to base + MAX_TEST_SLOT)
 * overlaps another or a port fixed elsewhere (RESERVED_PORTS); test/ports.test.ts checks it, so
 * two test files never take the same port, even from two runs side by side. Every range lies
 * below EPHEMERAL_PORTS, where Linux picks the local port of each outgoing connection: a test
 * port there could be taken by any client's connection (the engine's own included) a moment
 * before the test listens on it, and the test fail with "port in use".
 */
export const TEST_PORTS = {
  "test/localEngine.ts": { rgw: 17480, monitorV2: 13300, monitorV1: 16789 },
  "test/mover/regionRedirect.test.ts": { endpoint: 15480 },
  "test/local/oidcIssuer.test.ts": { issuer: 8020 },
  "test/e2e/localPlatform.test.ts": { rgw: 18480, monitorV2: 14300, monitorV1: 17789, receiver: 19480, issuer: 20480 },
  "test/e2e/status.test.ts": { rgw: 21480, monitorV2: 22480, monitorV1: 23480, receiver: 24480, issuer: 25480 },
  "test/e2e/expiry.test.ts": { rgw: 26480, monitorV2: 28480, monitorV1: 27789, receiver: 29480, issuer: 8280 },
  "test/e2e/federation.test.ts": { rgw: 30480, monitorV2: 31480, monitorV1: 32480, receiver: 7500, issuer: 7760 },
  "test/e2e/sealedBatch.test.ts": { rgw: 8540, monitorV2: 8800, monitorV1: 9060, receiver: 9320, issuer: 9580 },
} as const;

/**
 * The dev tests (test/e2e/dev*.test.ts) run `exports dev --port n`, which takes n to n+4, and a
 * test may run two instances at once: ten ports per slot.
 */
export const DEV_PORTS = { base: 10480, perSlot: 10 } as const;

/**
 * Where Linux picks the local ports of outgoing connections by default
 * (`net.ipv4.ip_local_port_range`, 32768 to 60999: Documentation/networking/ip-sysctl).
 */
export const EPHEMERAL_PORTS = { from: 32768, to: 60999 } as const;

/** Ports taken outside the tests, which no test range may reach. */
export const RESERVED_PORTS = [
  { what: "exports dev's default --port 7480 (n to n+4)", from: 7480, to: 7484 },
  { what: "the engine's OSD and manager daemons (Ceph binds them from 6800 to 7300)", from: 6800, to: 7300 },
  { what: "npm run bench: the mover's engine (bench/mover.ts)", from: 27480, to: 27480 },
  { what: "npm run bench: the mover's engine monitors (bench/mover.ts)", from: 23300, to: 23300 },
  { what: "npm run bench: the mover's engine monitors (bench/mover.ts)", from: 26789, to: 26789 },
  { what: "npm run bench: the end-to-end platform (bench/e2e.ts, n to n+4)", from: 38480, to: 38484 },
] as const;

/** This worker's port of a range starting at `base` with `perSlot` ports per slot (the first of them). */
export function slotPort(base: number, perSlot = 1): number {
  const slot = testSlot();
  if (slot > MAX_TEST_SLOT)
    throw new Error(
      `test slot ${slot} is past the port table's ${MAX_TEST_SLOT}: EXPORTS_TEST_SLOT goes from 0 to ${MAX_RUN}`,
    );
  return base + slot * perSlot;
}

/** A test file that starts the local platform (src/local/platform.ts): the e2e rows of the table. */
export type PlatformTestFile = Extract<keyof typeof TEST_PORTS, `test/e2e/${string}`>;

/** This worker's ports for the local platform of one test file, as `startLocalPlatform` takes them. */
export function platformPorts(file: PlatformTestFile) {
  const ports = TEST_PORTS[file];
  return {
    rgwPort: slotPort(ports.rgw),
    monPorts: [slotPort(ports.monitorV2), slotPort(ports.monitorV1)] as [number, number],
    receiverPort: slotPort(ports.receiver),
    issuerPort: slotPort(ports.issuer),
  };
}
