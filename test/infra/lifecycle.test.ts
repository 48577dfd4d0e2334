import { beforeAll, describe, expect, it } from "vitest";
import type { DatasetText } from "../../src/config/dataset";
import { routesOf } from "../../src/mover/routes";
import { deploy, resourcesOf, type Action, type Templates, type World } from "../cloudFormation";
import { configOf, deployedPolicies, synthesize } from "../synth";

const pull = (name: string): DatasetText => ({
  kind: "pull",
  path: `pull_datasets/${name}.yaml`,
  text: `name: ${name}\npull_arns:\n  - arn:aws:iam::111122223333:role/reader\nusers:\n  - alpha_user_analyst\n`,
});
const push = (name: string): DatasetText => ({
  kind: "push",
  path: `push_datasets/${name}.yaml`,
  text: `name: ${name}\nbucket: receiving-bucket\nusers:\n  - alpha_user_analyst\n`,
});

// Datasets that stay throughout: nothing of theirs may change at any step.
const stable = [pull("stable_pull"), push("stable_push")];
const steps = {
  start: stable,
  added: [...stable, pull("court_list"), push("deliveries")],
  removed: stable,
  readded: [...stable, pull("court_list"), push("deliveries")],
  renamed: [...stable, pull("court_listings"), push("deliveries_v2")],
};
type Step = keyof typeof steps;

let synth: Record<Step, { templates: Templates; plan: ReturnType<typeof synthesize>["plan"] }>;

beforeAll(() => {
  synth = {} as typeof synth;
  // Steps with the same files (start and removed, added and readded) share one synthesis.
  const byFiles = new Map<string, (typeof synth)[Step]>();
  for (const step of Object.keys(steps) as Step[]) {
    const files = JSON.stringify(steps[step]);
    const { templates, plan } = byFiles.get(files) ?? synthesize(configOf(steps[step]));
    synth[step] = { templates, plan };
    byFiles.set(files, synth[step]);
  }
}, 180_000);

/** Deploys the steps in order into an empty account; the actions of the last one by resource type and name. */
function run(order: Step[], options = { importExisting: true }) {
  let world: World = new Set();
  let previous: Templates = [];
  let last: ReturnType<typeof deploy> | undefined;
  for (const step of order) {
    last = deploy(previous, synth[step].templates, world, options);
    if (step !== order.at(-1)) expect(last.failures, step).toEqual([]);
    world = last.world;
    previous = synth[step].templates;
  }
  const before = order.at(-2) ?? order[0];
  if (before === undefined) throw new Error("run needs at least one step");
  const resources = resourcesOf([...previous, ...synth[before].templates]);
  const byName = (type: string, name: string): Action | undefined => {
    for (const [id, action] of last?.actions ?? []) {
      const r = resources.get(id);
      const p = r?.Properties ?? {};
      if (r?.Type === type && (p.BucketName === name || p.RoleName === name || p.Bucket === name)) return action;
    }
    return undefined;
  };
  return { ...(last as ReturnType<typeof deploy>), byName };
}

/** Every action on a resource of the stable datasets and of everything shared must be "unchanged". */
function expectOthersUnchanged(actions: Map<string, Action>, templates: Templates, touched: RegExp) {
  const resources = resourcesOf(templates);
  for (const [id, action] of actions) {
    const text = JSON.stringify(resources.get(id) ?? {});
    if (touched.test(text) || id.includes("-Users-") || id.includes("-Core/")) continue;
    expect(action, id).toBe("unchanged");
  }
}

describe("a dataset's whole life deploys: add, remove, add again, rename", () => {
  it("adding creates the pull bucket, its policy and the push dataset's mover role", () => {
    const step = run(["start", "added"]);
    expect(step.failures).toEqual([]);
    expect(step.byName("AWS::S3::Bucket", "mojap-court-list")).toBe("create");
    expect(step.byName("AWS::S3::BucketPolicy", "mojap-court-list")).toBe("create");
    expect(step.byName("AWS::IAM::Role", "export_deliveries-move")).toBe("create");
    expectOthersUnchanged(step.actions, synth.added.templates, /court_list|court-list|deliveries/);
  });

  it("removing keeps the bucket and its data, and revokes every grant: bucket policy, mover role, users, routes", () => {
    const step = run(["start", "added", "removed"]);
    expect(step.failures).toEqual([]);
    expect(step.byName("AWS::S3::Bucket", "mojap-court-list")).toBe("retain");
    expect(step.byName("AWS::S3::BucketPolicy", "mojap-court-list")).toBe("delete");
    expect(step.byName("AWS::IAM::Role", "export_deliveries-move")).toBe("delete");
    const deployed = deployedPolicies(synth.removed.templates);
    const everything = JSON.stringify([...deployed.users, ...deployed.buckets, ...deployed.roles]);
    expect(everything).not.toMatch(/court-list|deliveries/);
    expect(JSON.stringify([...deployedPolicies(synth.added.templates).users])).toMatch(/court-list/);
    expect(routesOf(synth.removed.plan).map((r) => r.name)).not.toContain("deliveries");
    expectOthersUnchanged(step.actions, synth.added.templates, /court_list|court-list|deliveries/);
  });

  it("adding it back adopts the retained bucket by resource import; without import it fails as today", () => {
    const step = run(["start", "added", "removed", "readded"]);
    expect(step.failures).toEqual([]);
    expect(step.byName("AWS::S3::Bucket", "mojap-court-list")).toBe("import");
    expect(step.byName("AWS::S3::BucketPolicy", "mojap-court-list")).toBe("create");
    expect(step.byName("AWS::IAM::Role", "export_deliveries-move")).toBe("create");

    const plain = run(["start", "added", "removed", "readded"], { importExisting: false });
    expect(plain.failures).toEqual([expect.stringMatching(/AWS::S3::Bucket mojap-court-list already exists/)]);
  });

  it("renaming makes a new bucket and role and keeps the old bucket, with no grant left on it", () => {
    const step = run(["start", "added", "renamed"]);
    expect(step.failures).toEqual([]);
    expect(step.byName("AWS::S3::Bucket", "mojap-court-list")).toBe("retain");
    expect(step.byName("AWS::S3::BucketPolicy", "mojap-court-list")).toBe("delete");
    expect(step.byName("AWS::S3::Bucket", "mojap-court-listings")).toBe("create");
    expect(step.byName("AWS::IAM::Role", "export_deliveries-move")).toBe("delete");
    expect(step.byName("AWS::IAM::Role", "export_deliveries_v2-move")).toBe("create");
  });

  it("never replaces a bucket: every bucket is retained on removal and on replacement, at every step", () => {
    for (const [step, { templates }] of Object.entries(synth)) {
      for (const [id, r] of resourcesOf(templates)) {
        if (r.Type !== "AWS::S3::Bucket") continue;
        expect([id, r.DeletionPolicy, r.UpdateReplacePolicy], step).toEqual([id, "Retain", "Retain"]);
        expect(typeof r.Properties?.BucketName, id).toBe("string");
      }
    }
    for (const order of [
      ["start", "added", "removed", "readded"],
      ["start", "added", "renamed"],
    ] as Step[][]) {
      for (let i = 1; i <= order.length; i++) {
        const step = run(order.slice(0, i));
        const buckets = [...step.actions].filter(
          ([id]) => resourcesOf(synth[order[i - 1] as Step].templates).get(id)?.Type === "AWS::S3::Bucket",
        );
        expect(buckets.filter(([, a]) => a === "replace" || a === "delete")).toEqual([]);
      }
    }
  });
});
