#!/usr/bin/env bash
# Usage: scripts/fetch-pull-request.sh <pull request number> <head commit> <base ref>
#
# For plan-comment.yml, which judges a pull request with the base branch's code (decision 0008):
# fetches the pull request's head into git's object store as refs/exports/head, checks that it is
# the commit the event named, and makes, with `git merge-tree`, the commit that merges it into
# <base ref> as refs/exports/merge: what the dataset files would be once merged. Nothing of the
# pull request is checked out: the working tree stays the base branch's, and `exports --head`
# reads the merge's dataset files from git as data. Git runs no hook, filter or merge driver that a
# commit could name: those come from git's own configuration, which no pull request can write.
#
# With GITHUB_TOKEN set, git authenticates through its environment (the checkout keeps no
# credentials), as actions/checkout does, so a private repository can be fetched too.
# Exit status: 0 with both refs made, 1 when the head moved on or does not merge, 2 for bad arguments.
set -euo pipefail

fail() {
  printf '::error title=plan::%s\n' "$2"
  exit "$1"
}

number=${1:-}
head=${2:-}
base=${3:-}
[[ $number =~ ^[1-9][0-9]{0,9}$ ]] || fail 2 "fetch-pull-request: the pull request number must be digits, not $(printf %q "$number")."
[[ $head =~ ^[0-9a-f]{40}$ ]] || fail 2 "fetch-pull-request: the head must be a full commit id, not $(printf %q "$head")."
git rev-parse --verify --quiet --end-of-options "${base}^{commit}" >/dev/null ||
  fail 2 "fetch-pull-request: git cannot find the base $(printf %q "$base")."

if [ -n "${GITHUB_TOKEN:-}" ]; then
  basic=$(printf 'x-access-token:%s' "$GITHUB_TOKEN" | base64 -w0)
  export GIT_CONFIG_COUNT=1
  export GIT_CONFIG_KEY_0="http.${GITHUB_SERVER_URL:-https://github.com}/.extraheader"
  export GIT_CONFIG_VALUE_0="AUTHORIZATION: basic $basic"
fi

git fetch --quiet --no-tags --no-recurse-submodules origin "+refs/pull/$number/head:refs/exports/head"
fetched=$(git rev-parse refs/exports/head)
[ "$fetched" = "$head" ] ||
  fail 1 "Pull request #$number is now at $fetched, not $head: a newer push's own run plans it."

# merge-tree --write-tree (git 2.38 and later) merges without an index or a working tree.
if ! tree=$(git merge-tree --write-tree --no-messages "$base" refs/exports/head); then
  fail 1 "Pull request #$number does not merge cleanly into $base: resolve the conflicts, and the next push is planned."
fi
merge=$(GIT_AUTHOR_NAME=data-exports GIT_AUTHOR_EMAIL=plan@data-exports.invalid \
  GIT_COMMITTER_NAME=data-exports GIT_COMMITTER_EMAIL=plan@data-exports.invalid \
  git commit-tree -p "$base" -p refs/exports/head -m "Pull request #$number merged into $base, to plan" "$tree")
git update-ref refs/exports/merge "$merge"
printf 'Pull request #%s at %s, merged into %s as %s (not checked out).\n' "$number" "$head" "$base" "$merge"
