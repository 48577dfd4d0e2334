#!/usr/bin/env bash
# Usage: scripts/check-dataset-folders.sh [<commit>]
#
# Refuses, with one located message each, everything in push_datasets/ and pull_datasets/ of a
# commit (HEAD unless given) that is not a regular file named <name>.yaml: other names, hidden
# files, folders, symbolic links, submodules. Tools look their configuration up in the folder of
# each file they read (ESLint's eslint.config.js, Prettier's .prettierrc, npm's .npmrc), so a
# dataset folder that holds anything else could run a pull request's code (issue #23, decision
# 0008). It is plain bash and git, reading git's tree of the commit and no file of it, so CI runs
# it first, before any of the pull request's code or dependencies. The rule is the one of
# src/config/datasetFileName.ts; test/github/checkDatasetFolders.test.ts holds the two together.
#
# Prints `path:1:1: message` lines, or GitHub annotations when GITHUB_ACTIONS is true. Exit
# status: 0 when the folders hold dataset files only, 1 when not, 2 when git cannot find <commit>.
set -euo pipefail

commit="${1:-HEAD}"
if ! git rev-parse --verify --quiet --end-of-options "${commit}^{commit}" >/dev/null; then
  printf 'check-dataset-folders: git cannot find the commit %q; fetch it first.\n' "$commit" >&2
  exit 2
fi

found=0

# A name as a reader can see it: control characters and any byte outside ASCII written as escapes.
shown() { LC_ALL=C printf '%q' "$1"; }

# GitHub's escapes for a workflow command: data escapes %, CR and LF; a property also : and ,.
escape_data() {
  local s=${1//'%'/%25}
  s=${s//$'\r'/%0D}
  printf '%s' "${s//$'\n'/%0A}"
}
escape_property() {
  local s
  s=$(escape_data "$1")
  s=${s//:/%3A}
  printf '%s' "${s//,/%2C}"
}

# report <path> <message>: one located error.
report() {
  found=$((found + 1))
  if [ "${GITHUB_ACTIONS:-}" = true ]; then
    printf '::error file=%s,line=1,col=1,title=dataset-folders::%s\n' "$(escape_property "$1")" "$(escape_data "$2")"
  else
    printf '%s:1:1: %s\n' "$(shown "$1")" "$2"
  fi
}

# check_entry <folder> <mode> <path>: one entry of a dataset folder.
check_entry() {
  local folder=$1 mode=$2 path=$3
  local name=${path#"$folder/"}
  local rule="$folder/ holds only dataset files, each a regular file named <name>.yaml such as $folder/court_listings.yaml"
  local what fix
  case "$mode" in
    100644 | 100755)
      if [[ $name =~ ^[^./][^/]*\.yaml$ ]]; then return 0; fi
      if [[ $name == .* ]]; then
        what="a hidden file"
        fix="move it out of $folder/: tools read hidden files as their configuration"
      else
        what="a file not named <name>.yaml"
        fix="if it is a dataset file, name it <name>.yaml; anything else moves out of $folder/, in a maintainer's change"
      fi
      ;;
    120000)
      what="a symbolic link"
      fix="replace the link with the dataset file itself, or remove it"
      ;;
    040000)
      what="a folder"
      fix="dataset files sit directly in $folder/; move the files out of this folder"
      ;;
    *)
      what="a submodule or other git entry (mode $mode)"
      fix="remove it"
      ;;
  esac
  report "$path" "$rule; found $what, $(shown "$name"): $fix."
}

for folder in push_datasets pull_datasets; do
  top=$(git ls-tree -z "$commit" -- "$folder" | tr -d '\0')
  [ -n "$top" ] || continue
  mode=${top%% *}
  if [ "$mode" != 040000 ]; then
    report "$folder" "$folder must be a folder of dataset files; found a git entry of mode $mode (040000 is a folder, 120000 a symbolic link): replace it with a folder."
    continue
  fi
  while IFS= read -r -d '' line; do
    check_entry "$folder" "${line%% *}" "${line#*$'\t'}"
  done < <(git ls-tree -z "$commit" -- "$folder/")
done

if [ "$found" -gt 0 ]; then
  printf 'check-dataset-folders: %d entries of push_datasets/ or pull_datasets/ are not dataset files (docs/decisions/0008-pull-request-comment.md).\n' "$found" >&2
  exit 1
fi
printf 'check-dataset-folders: push_datasets/ and pull_datasets/ hold dataset files only.\n'
