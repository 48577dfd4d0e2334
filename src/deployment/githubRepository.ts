/**
 * The GitHub repository whose workflows may assume the deployment roles, as `owner/name`.
 * GitHub's rules: an owner is 1–39 letters, digits or single hyphens, neither first nor last; a
 * repository name is 1–100 letters, digits, `.`, `_` or `-`, and not `.` or `..`.
 */
export function checkRepository(value: unknown): { repository: string } | { error: string } {
  const found = JSON.stringify(value ?? null);
  const fix = "Pass it as -c repository=<owner>/<name>, spelt as GitHub shows it (same upper and lower case).";
  if (typeof value !== "string") return { error: `repository is missing: found ${found}. ${fix}` };
  const [owner = "", name = "", ...rest] = value.split("/");
  const ownerOk = /^[A-Za-z0-9](?:-?[A-Za-z0-9]){0,38}$/.test(owner);
  const nameOk = /^[A-Za-z0-9._-]{1,100}$/.test(name) && name !== "." && name !== "..";
  if (rest.length > 0 || !ownerOk || !nameOk)
    return { error: `repository must be a GitHub repository's owner/name: found ${found}. ${fix}` };
  return { repository: value };
}
