import { describe, expect, it } from "vitest";
import { datasetClients } from "../../src/mover/datasetClients";

const routes = new Map([
  [
    "a",
    {
      name: "a",
      targetBucket: "ta",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_a-move",
    },
  ],
  [
    "b",
    {
      name: "b",
      targetBucket: "tb",
      keepFiles: false,
      roleArn: "arn:aws:iam::123456789012:role/service-role/export_b-move",
    },
  ],
]);

describe("datasetClients", () => {
  it("gives each dataset a client acting as its own role, assuming each role once", async () => {
    const assumed: string[] = [];
    const clientFor = datasetClients(routes, (roleArn, session) => {
      assumed.push(`${roleArn} as ${session}`);
      return async () => ({ accessKeyId: roleArn, secretAccessKey: "s" });
    });
    const a = clientFor("a");
    expect(clientFor("a")).toBe(a);
    expect(clientFor("b")).not.toBe(a);
    expect(assumed).toEqual([
      "arn:aws:iam::123456789012:role/service-role/export_a-move as data-exports-a",
      "arn:aws:iam::123456789012:role/service-role/export_b-move as data-exports-b",
    ]);
    expect((await a.config.credentials()).accessKeyId).toBe(
      "arn:aws:iam::123456789012:role/service-role/export_a-move",
    );
  });

  it("refuses a dataset it has no route for", () => {
    expect(() => datasetClients(routes, () => async () => ({ accessKeyId: "x", secretAccessKey: "y" }))("c")).toThrow(
      "no route for dataset c",
    );
  });
});
