#!/usr/bin/env bash
# Installs the local S3 engine (Ceph RADOS Gateway) and the real S3 clients the tests drive it
# with, from Debian's packages. Run as root; does nothing that is already there.
set -euo pipefail
need=()
for pkg in ceph-mon ceph-osd radosgw awscli rclone curl; do dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg"); done
[ ${#need[@]} -eq 0 ] && exit 0
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}"
