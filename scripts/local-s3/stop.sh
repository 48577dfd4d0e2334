#!/usr/bin/env bash
# Stops what start.sh started, radosgw first, then the OSD, then the monitor: a radosgw whose
# monitor has gone hangs for minutes. With --purge, also deletes the cluster's folder.
set -uo pipefail
DIR=${CEPH_DIR:-${TMPDIR:-/tmp}/data-exports-ceph}
for name in client.rgw.a osd.0 mon.a; do
  f="$DIR/run/$name.pid"
  [ -f "$f" ] || continue
  p=$(cat "$f")
  # Only signal a process that really is one of our Ceph daemons.
  if [ -n "$p" ] && [ -r "/proc/$p/cmdline" ] && tr '\0' ' ' <"/proc/$p/cmdline" | grep -qE '^(/usr/bin/)?(ceph-mon|ceph-osd|radosgw) '; then
    kill -TERM "$p" 2>/dev/null
    for _ in 1 2 3 4 5 6 7 8 9 10; do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$p" 2>/dev/null
  fi
  rm -f "$f"
done
[ "${1:-}" = "--purge" ] && rm -rf "$DIR"
exit 0
