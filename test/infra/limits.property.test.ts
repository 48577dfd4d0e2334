import { statSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { DEFAULT_SETTINGS } from "../../src/config/settings";
import type { DatasetText } from "../../src/config/dataset";
import { validateConfig } from "../../src/config/validateConfig";
import { BUCKET_POLICY_LIMIT } from "../../src/plan/limits/pullBucketPolicySize";
import { STACK_RESOURCE_LIMIT, TEMPLATE_BYTES_LIMIT, stackLoads } from "../../src/plan/limits/stackSize";
import { ROLE_INLINE_POLICY_LIMIT, buildPlan } from "../../src/plan/plan";
import { shardOf } from "../../src/plan/shards";
import { deployedPolicies, synthesize } from "../synth";

/** Rules buildPlan may refuse a valid config with: the AWS limits only datasets together can pass. */
const PLAN_RULES = [
  "user-policy-size",
  "pull-bucket-policy-size",
  "export-bucket-policy-size",
  "stack-resources",
  "template-size",
  "federated-trust-size",
];

// Names that differ only by underscores, so collisions of logical ids and Sids are generated often.
const twins = ["ab_cd", "abcd", "a_bcd", "yj_refs", "yjrefs", "court_list", "courtlist"];
const name = fc.oneof(fc.constantFrom(...twins), fc.stringMatching(/^[a-z][a-z0-9_]{0,40}$/));
const user = fc.integer({ min: 0, max: 30 }).map((i) => `alpha_user_u${i}`);
const users = fc.uniqueArray(user, { minLength: 1, maxLength: 4 });
const arn = fc
  .record({
    account: fc.integer({ min: 100000000000, max: 100000000050 }),
    path: fc.constantFrom("", "team/", "aws-reserved/sso.amazonaws.com/eu-west-2/"),
    role: fc.stringMatching(/^[A-Za-z0-9_-]{1,64}$/),
  })
  .map(({ account, path, role }) => `arn:aws:iam::${account}:role/${path}${role}`);
// One role per account and name whatever its case or path, as IAM has it (pull-arn-same-role).
const role = (a: string) => `${a.split(":")[4]}:${a.split("/").at(-1)?.toLowerCase()}`;

// Grants with an end carry an aws:CurrentTime condition each, and datasets ending on different
// days take statements of their own: both grow every policy the limits are about.
const expires = fc.option(fc.constantFrom("2031-03-31", "2031-10-26", "2032-02-29"), { nil: undefined });
const list = (items: readonly string[]) => items.map((i) => `  - ${JSON.stringify(i)}`).join("\n");
const ends = (date: string | undefined) => (date ? `expires: ${date}\n` : "");
const notifyText = (notify: readonly string[]) => (notify.length > 0 ? `notify:\n${list(notify)}\n` : "");
const pushText = (
  n: string,
  bucket: string,
  u: readonly string[],
  date?: string,
  notify: readonly string[] = [],
): DatasetText => ({
  kind: "push",
  path: `push_datasets/${n}.yaml`,
  text: `name: ${n}\nbucket: ${bucket}\nusers:\n${list(u)}\n${ends(date)}${notifyText(notify)}`,
});
// Up to five notify addresses: each is a subscription in the dataset's notify shard.
const notify = fc.uniqueArray(
  fc.stringMatching(/^[a-z][a-z0-9.]{0,20}[a-z0-9]$/).map((local) => `${local.replace(/\.{2,}/g, ".")}@example.org`),
  { maxLength: 5, selector: (e) => e.toLowerCase() },
);
const TENANTS = ["0b1c2d3e-4f50-4a6b-8c7d-9e0f1a2b3c4d", "3f2a9c1e-7b4d-4e8a-9c6f-1d2e3f4a5b6c"];
/** `count` Google service accounts and as many Azure workloads (in two tenants): the federated role's principals. */
const federatedText = (count: number) =>
  count === 0
    ? ""
    : `google_service_accounts:\n${Array.from({ length: count }, (_, i) => `  - id: "1000000000000000000${String(i).padStart(2, "0")}"\n    email: reader-${i}@analytics-prod.iam.gserviceaccount.com\n`).join("")}` +
      `azure_workloads:\n${Array.from({ length: count }, (_, i) => `  - tenant: ${TENANTS[i % 2]}\n    object_id: 6f7e8d9c-0b1a-4c2d-9e3f-4a5b6c7d8e${String(i).padStart(2, "0")}\n    audience: api://data-exports-reader-${i}\n`).join("")}`;
const pullText = (
  n: string,
  arns: readonly string[],
  u: readonly string[],
  allowPush: boolean,
  date?: string,
  federated = 0,
): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${n}.yaml`,
  text: `name: ${n}\n${arns.length > 0 ? `pull_arns:\n${list(arns)}\n` : ""}${federatedText(federated)}users:\n${list(u)}\nallow_push: ${allowPush}\n${ends(date)}`,
});

// Pull names that all land in pull shard 0: a crowd of them brings one stack near 500 resources.
const crowdNames = Array.from({ length: 4000 }, (_, i) => `crowd_${i}`).filter((n) => shardOf(n, 16) === 0);

const crowdArns = Array.from(
  { length: 60 },
  (_, i) => `arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/eu-west-2/AWSReservedSSO_Reader_${i}`,
);

const config = fc.record({
  push: fc.uniqueArray(
    fc.record({ name, bucket: fc.constantFrom("receiving-a", "receiving-b"), users, expires, notify }),
    {
      selector: (d) => d.name,
      maxLength: 8,
    },
  ),
  pull: fc.uniqueArray(
    fc.record({
      name,
      // Up to ~170 ARNs: over S3's 20 KB bucket policy with long SSO paths, under it with short ones.
      arns: fc.oneof(
        fc.uniqueArray(arn, { minLength: 1, maxLength: 3, selector: role }),
        fc.uniqueArray(arn, { minLength: 60, maxLength: 170, selector: role }),
      ),
      users,
      allowPush: fc.boolean(),
      expires,
      // Google and Azure principals: none, a few, or past the trust policy's limit.
      federated: fc.constantFrom(0, 0, 1, 3, 6),
    }),
    { selector: (d) => d.name, maxLength: 6 },
  ),
  // Pull datasets in one shard: none; around the 249 that fill a stack's 500 resources; or around
  // the 40 that, with 60 long pull ARNs each, fill a template's 1 MB.
  crowd: fc.oneof(
    fc.constant({ count: 0, arns: 1 }),
    fc.record({ count: fc.integer({ min: 240, max: 255 }), arns: fc.constant(1) }),
    // With a federated role each: around the 166 that fill 500 resources at 3 each.
    fc.record({ count: fc.integer({ min: 160, max: 170 }), arns: fc.constant(0) }),
    fc.record({ count: fc.integer({ min: 30, max: 50 }), arns: fc.constant(60) }),
  ),
  // One user in many push datasets with long names: near IAM's 10,240 characters of inline policy.
  busy: fc.oneof(fc.constant(0), fc.integer({ min: 100, max: 150 })),
  // The busy user's datasets end on this many different days (0: none ends).
  busyDates: fc.constantFrom(0, 1, 12),
});

function texts(c: typeof config extends fc.Arbitrary<infer T> ? T : never): DatasetText[] {
  const pullNames = new Set(c.pull.map((d) => d.name));
  return [
    ...c.push.map((d) => pushText(d.name, d.bucket, d.users, d.expires, d.notify)),
    ...c.pull.map((d) => pullText(d.name, d.arns, d.users, d.allowPush, d.expires, d.federated)),
    ...crowdNames
      .filter((n) => !pullNames.has(n))
      .slice(0, c.crowd.count)
      .map((n, i) =>
        pullText(
          n,
          crowdArns.slice(0, c.crowd.arns),
          [`alpha_user_crowd${i % 50}`],
          false,
          undefined,
          c.crowd.arns === 0 ? 1 : 0,
        ),
      ),
    ...Array.from({ length: c.busy }, (_, i) =>
      pushText(
        `busy_dataset_with_a_long_descriptive_name_${String(i).padStart(3, "0")}`,
        "receiving-a",
        ["alpha_user_busy"],
        c.busyDates === 0 ? undefined : `2031-${String((i % c.busyDates) + 1).padStart(2, "0")}-28`,
      ),
    ),
  ];
}

const sids = (document: { Statement: { Sid: string }[] }) => document.Statement.map((s) => s.Sid);

describe("whatever validate accepts synthesizes within every AWS limit", () => {
  it("holds for generated configurations, including ones near each limit", () => {
    let accepted = 0;
    fc.assert(
      fc.property(config, (c) => {
        const loaded = validateConfig(DEFAULT_SETTINGS, texts(c));
        fc.pre(loaded.errors.length === 0);
        const planned = buildPlan(loaded.value);
        expect(planned.errors.map((e) => e.rule).filter((r) => !PLAN_RULES.includes(r))).toEqual([]);
        if (planned.errors.length > 0) {
          // Refused for resources: the count is exact, so it really is over.
          for (const load of stackLoads(planned.value))
            if (planned.errors.some((e) => e.rule === "stack-resources" && e.message.includes(load.stack)))
              expect(load.resources).toBeGreaterThan(STACK_RESOURCE_LIMIT);
          return;
        }
        accepted++;
        // Accepted: it must synthesize, and every limit must hold in what was synthesized.
        const synth = synthesize(loaded.value);
        const loads = new Map(stackLoads(synth.plan).map((l) => [l.stack, l]));
        for (const { name: stack, template, file } of synth.templates) {
          const resources = Object.keys(template.Resources ?? {}).length;
          const bytes = statSync(file).size;
          expect(resources, stack).toBeLessThanOrEqual(STACK_RESOURCE_LIMIT);
          expect(bytes, stack).toBeLessThanOrEqual(TEMPLATE_BYTES_LIMIT);
          const load = loads.get(stack);
          if (load) {
            expect(resources, stack).toBe(load.resources);
            expect(bytes, stack).toBeLessThanOrEqual(load.bytes);
          }
        }
        const deployed = deployedPolicies(synth.templates);
        for (const [bucket, document] of deployed.buckets) {
          expect(Buffer.byteLength(JSON.stringify(document)), bucket).toBeLessThanOrEqual(BUCKET_POLICY_LIMIT);
          expect(new Set(sids(document)).size, bucket).toBe(document.Statement.length);
        }
        for (const [u, document] of deployed.users)
          expect(JSON.stringify(document).length, u).toBeLessThanOrEqual(ROLE_INLINE_POLICY_LIMIT);
        const receiving = new Map<string, string[]>();
        for (const p of synth.plan.push)
          receiving.set(p.dataset.bucket, [...(receiving.get(p.dataset.bucket) ?? []), p.receivingStatement.Sid]);
        for (const [bucket, list] of receiving) expect(new Set(list).size, bucket).toBe(list.length);
      }),
      // Generated configurations near the limits are often refused, all eight now and then: this
      // example, well within every limit, makes sure the synthesis side of the property runs.
      {
        numRuns: 8,
        examples: [
          [
            {
              push: [
                {
                  name: "court_list",
                  bucket: "receiving-a",
                  users: ["alpha_user_ana"],
                  expires: "2031-03-31",
                  notify: ["team@example.org"],
                },
              ],
              pull: [
                {
                  name: "shared_stats",
                  arns: ["arn:aws:iam::111122223333:role/reader"],
                  users: ["alpha_user_ana"],
                  allowPush: false,
                  expires: undefined,
                  federated: 1,
                },
              ],
              crowd: { count: 0, arns: 1 },
              busy: 0,
              busyDates: 0,
            },
          ],
        ],
      },
    );
    expect(accepted).toBeGreaterThan(0);
  }, 110_000);
});
