#!/usr/bin/env bash
# Stops what start.sh started, radosgw first, then the OSD, then the monitor: a radosgw whose
# monitor has gone hangs for minutes. With --purge, also deletes the cluster's folder.
# Only processes started from this folder are signalled: a Ceph daemon whose pid file is stale,
# or that another instance started, is left alone.
set -uo pipefail
DIR=${CEPH_DIR:-${TMPDIR:-/tmp}/data-exports-ceph}
ours() {
  [ -r "/proc/$1/cmdline" ] && tr '\0' ' ' <"/proc/$1/cmdline" | grep -qE '^(/usr/bin/)?(ceph-mon|ceph-osd|radosgw) ' &&
    tr '\0' '\n' <"/proc/$1/environ" 2>/dev/null | grep -qxF "CEPH_CONF=$DIR/ceph.conf"
}
# With --purge nothing a daemon holds is kept (the OSD keeps its data in memory, and the folder
# goes), so all three are killed at once and waited for together: the graceful stop, up to 2 s a
# daemon, took 5.6 s on a loaded machine; a killed daemon still takes up to a second to go.
killed=()
for name in client.rgw.a osd.0 mon.a; do
  f="$DIR/run/$name.pid"
  [ -f "$f" ] || continue
  p=$(cat "$f")
  if [ -n "$p" ] && ours "$p"; then
    if [ "${1:-}" = "--purge" ]; then
      kill -KILL "$p" 2>/dev/null
      killed+=("$p")
    else
      kill -TERM "$p" 2>/dev/null
      for _ in $(seq 20); do kill -0 "$p" 2>/dev/null || break; sleep 0.1; done
      kill -KILL "$p" 2>/dev/null
    fi
  fi
  rm -f "$f"
done
for p in "${killed[@]}"; do
  for _ in $(seq 100); do kill -0 "$p" 2>/dev/null || break; sleep 0.05; done
done
[ "${1:-}" = "--purge" ] && rm -rf "$DIR"
exit 0
