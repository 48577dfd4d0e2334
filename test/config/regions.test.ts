import { RegionInfo } from "aws-cdk-lib/region-info";
import { expect, it } from "vitest";
import { REGION_PARTITIONS } from "../../src/config/regions";

it("knows every region of the AWS CDK's region table, in its partition (update the table after a CDK upgrade)", () => {
  const cdk = Object.fromEntries(RegionInfo.regions.map((r) => [r.name, r.partition]));
  expect(REGION_PARTITIONS).toEqual(cdk);
});
