#!/usr/bin/env bash
# Opens the "agreements ending" pull request, or updates the one already open, from what
# `exports expiring` wrote: its JSON (what is listed) and its Markdown (the body). The ended
# datasets' files are already deleted in the work tree. With nothing listed, it closes the open
# pull request. Needs git, gh (GH_TOKEN) and jq; BASE is the branch to merge into.
set -euo pipefail

json=$1
body=$2
# A maintenance/ branch: the pull-request check lets it change dataset files (check-branch).
branch=maintenance/agreements-ending
base=${BASE:-main}

listed=$(jq '(.expired | length) + (.expiring | length)' "$json")
ended=$(jq -r '[.expired[].name] | join(", ")' "$json")

if [ "$listed" -eq 0 ]; then
  open=$(gh pr list --head "$branch" --base "$base" --state open --json number --jq '.[0].number // empty')
  if [ -n "$open" ]; then
    gh pr close "$open" --delete-branch --comment "No dataset's access ends within the warning window any more."
  fi
  echo "No agreement ends within the window."
  exit 0
fi

# `exports expiring --remove-expired` only ever deletes dataset files: stage exactly those.
git ls-files --deleted -z -- push_datasets pull_datasets | xargs -0 -r git rm --quiet --
if [ -n "$ended" ]; then
  message="Remove datasets whose access has ended: $ended"
else
  # Nothing has ended yet: an empty commit carries the notice, and merging it changes nothing.
  message="Agreements ending soon (nothing to remove yet)"
fi
"$(dirname "$0")/propose-pull-request.sh" "$branch" "Data exports: agreements ending" "$message" "$body"
