import { CfnDeletionPolicy, type IAspect } from "aws-cdk-lib";
import * as iam from "aws-cdk-lib/aws-iam";
import * as s3 from "aws-cdk-lib/aws-s3";
import type { IConstruct } from "constructs";

/** The context key (`cdk import -c exports:adopting=true`) that synthesizes the templates to import. */
export const ADOPTING_CONTEXT = "exports:adopting";

/** A statement recorded at import and never applied: it only has to differ from the real document. */
const pending = (document: unknown) => ({
  Version: "2012-10-17",
  Statement: [
    ...((document as { Statement: object[] }).Statement ?? []),
    { Sid: "AdoptionPending", Effect: "Deny", Principal: { AWS: "*" }, Action: "s3:PutBucketAcl", Resource: "*" },
  ],
});

/**
 * What `cdk import` records for the buckets, bucket policies and mover roles that already exist.
 * CloudFormation imports a resource without changing it and without checking the template against
 * it (resource-import.html), so a template that already said "hardened" would never harden it.
 * Here each adoptable resource keeps only its name (and a document that differs from the real
 * one), so the first ordinary deployment after the import finds a difference in every property
 * and applies them all. Everything is retained meanwhile: until that deployment, deleting the
 * stacks gives the old deployment back untouched.
 */
export class Adopting implements IAspect {
  visit(node: IConstruct): void {
    if (node instanceof s3.CfnBucket) {
      for (const key of [
        "BucketEncryption",
        "LifecycleConfiguration",
        "LoggingConfiguration",
        "OwnershipControls",
        "PublicAccessBlockConfiguration",
        // The dataset tag too: recorded at import and never applied, the pre-deploy check would
        // find the bucket untagged forever (src/infra/datasetTag.ts).
        "Tags",
        "VersioningConfiguration",
      ])
        node.addPropertyDeletionOverride(key);
    } else if (node instanceof s3.CfnBucketPolicy) {
      node.addPropertyOverride("PolicyDocument", pending(node.policyDocument));
    } else if (node instanceof iam.CfnRole && node.roleName?.startsWith("export_")) {
      node.addPropertyOverride("AssumeRolePolicyDocument", pending(node.assumeRolePolicyDocument));
      for (const key of ["Policies", "Description", "MaxSessionDuration"]) node.addPropertyDeletionOverride(key);
    } else {
      return;
    }
    // CDK leaves out of an import the resources the mapping does not name (a missing access-log
    // bucket, say), and a DependsOn naming one would make the template invalid.
    node.addDeletionOverride("DependsOn");
    node.cfnOptions.deletionPolicy = CfnDeletionPolicy.RETAIN;
    node.cfnOptions.updateReplacePolicy = CfnDeletionPolicy.RETAIN;
  }
}
