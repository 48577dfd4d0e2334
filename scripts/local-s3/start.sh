#!/usr/bin/env bash
# Starts a throw-away, single-node Ceph RADOS Gateway (one monitor, one in-memory OSD, radosgw)
# serving S3 on 127.0.0.1:$RGW_PORT, without systemd. Always starts clean; data lives in memory.
# Needs Debian's ceph-mon, ceph-osd and radosgw (scripts/local-s3/install.sh installs them).
# Prints `export CEPH_CONF=…` last, for ceph and radosgw-admin.
set -euo pipefail

DIR=${CEPH_DIR:-${TMPDIR:-/tmp}/data-exports-ceph}
RGW_PORT=${RGW_PORT:-7480}
MON_PORT_V2=${MON_PORT_V2:-3300}
MON_PORT_V1=${MON_PORT_V1:-6789}
OSD_BYTES=${OSD_BYTES:-$((6 * 1024 * 1024 * 1024))}
# S3 users to create, "uid:access_key:secret_key", space-separated.
RGW_USERS=${RGW_USERS-}
HERE=$(cd "$(dirname "$0")" && pwd)

for tool in ceph-mon ceph-osd radosgw radosgw-admin ceph-authtool monmaptool; do
  command -v "$tool" >/dev/null || { echo "local S3: $tool is missing; run: sudo scripts/local-s3/install.sh" >&2; exit 3; }
done

CEPH_DIR="$DIR" "$HERE/stop.sh" >/dev/null 2>&1 || true
rm -rf "$DIR"
mkdir -p "$DIR"/{run,log,mon.a,osd.0,rgw.a}

FSID=$(cat /proc/sys/kernel/random/uuid)
CONF="$DIR/ceph.conf"
cat >"$CONF" <<CONF
[global]
fsid = $FSID
mon host = [v2:127.0.0.1:$MON_PORT_V2,v1:127.0.0.1:$MON_PORT_V1]
public addr = 127.0.0.1
cluster addr = 127.0.0.1
ms bind ipv6 = false
auth cluster required = cephx
auth service required = cephx
auth client required = cephx
keyring = $DIR/keyring
run dir = $DIR/run
admin socket = $DIR/run/\$name.asok
pid file = $DIR/run/\$name.pid
log file = $DIR/log/\$name.log
crash dir = $DIR/crash
osd pool default size = 1
osd pool default min size = 1
osd pool default pg num = 8
osd pool default pgp num = 8
osd pool default pg autoscale mode = off
osd crush chooseleaf type = 0
mon allow pool size one = true
mon allow pool delete = true
mon warn on pool no redundancy = false
mon max pg per osd = 1000
paxos propose interval = 0.05
paxos min wait = 0.01
mon data avail warn = 1
mon data avail crit = 0
mon warn on insecure global id reclaim = false
mon warn on insecure global id reclaim allowed = false

[mon]
mon data = $DIR/\$name
mon cluster log file = $DIR/log/cluster.log

[osd]
osd data = $DIR/\$name
osd objectstore = memstore
memstore device bytes = $OSD_BYTES
osd op num shards = 1
osd op num threads per shard = 2

[client.rgw.a]
rgw data = $DIR/rgw.a
# tcp_nodelay: without it every small request waits ~40 ms for Nagle's algorithm.
rgw frontends = beast endpoint=127.0.0.1:$RGW_PORT tcp_nodelay=1
rgw thread pool size = 64
rgw enable apis = s3, s3website, admin, sts, iam, notifications
rgw sts key = ${RGW_STS_KEY:-dataexportslocal}
rgw s3 auth use sts = true
${RGW_EXTRA_CONF:-}
CONF
export CEPH_CONF="$CONF"

K="$DIR/keyring"
ceph-authtool --create-keyring "$K" --gen-key -n mon. --cap mon 'allow *' >/dev/null
ceph-authtool "$K" --gen-key -n client.admin --cap mon 'allow *' --cap osd 'allow *' --cap mgr 'allow *' --cap mds 'allow *' >/dev/null
# radosgw's key too: the monitor takes every key of this keyring at --mkfs, which saves a `ceph
# auth` call (the ceph CLI costs a second or two on a loaded machine; start-up went from 11-16 s
# to 5-9 s there without this and the two waits below it replaced).
ceph-authtool "$K" --gen-key -n client.rgw.a --cap mon 'allow rw' --cap osd 'allow rwx' >/dev/null
monmaptool --create --fsid "$FSID" --addv a "[v2:127.0.0.1:$MON_PORT_V2,v1:127.0.0.1:$MON_PORT_V1]" "$DIR/monmap" >/dev/null
ceph-mon --mkfs -i a --monmap "$DIR/monmap" --keyring "$K"
ceph-mon -i a 2>>"$DIR/log/daemons.err"

OSD_UUID=$(cat /proc/sys/kernel/random/uuid)
OSD_SECRET=$(ceph-authtool --gen-print-key)
echo "{\"cephx_secret\": \"$OSD_SECRET\"}" >"$DIR/osd-new.json"
# The first call to the monitor waits for it to answer, instead of polling it first.
OSD_ID=$(ceph --connect-timeout 60 osd new "$OSD_UUID" -i "$DIR/osd-new.json")
[ "$OSD_ID" = 0 ] || { echo "local S3: unexpected OSD id $OSD_ID" >&2; exit 1; }
ceph-authtool "$K" --add-key "$OSD_SECRET" -n osd.0 >/dev/null
ceph-osd -i 0 --mkfs --osd-uuid "$OSD_UUID" >/dev/null 2>&1
ceph-osd -i 0 2>>"$DIR/log/daemons.err"
# radosgw waits for the OSD itself (it answers once its pools can be written), so it starts now
# and the one wait is for its answer.
radosgw -n client.rgw.a 2>>"$DIR/log/daemons.err"
timeout 120 bash -c "until curl -fsS -o /dev/null http://127.0.0.1:$RGW_PORT/ 2>/dev/null; do sleep 0.2; done"

for u in $RGW_USERS; do
  IFS=: read -r uid ak sk <<<"$u"
  radosgw-admin -n client.admin user create --uid="$uid" --display-name="$uid" --access-key="$ak" --secret-key="$sk" >/dev/null 2>>"$DIR/log/radosgw-admin.err"
done
echo "export CEPH_CONF=$CONF"
