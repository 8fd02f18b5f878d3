#!/usr/bin/env bash
# Installs the real peers the interop suite talks to (Debian packages), idempotently.
# Run as root. nginx-light + the rtmp and stream modules, rtmpdump (rtmpsrv/rtmpsuck too),
# ffmpeg, tshark, openssl, iproute2 (ip, for unshare -n tests), microsocks and dante-server
# (SOCKS proxies for transport-tcp interop), curl (byte comparison of SOCKS requests), python3,
# bsdutils (`script`, a pseudo-terminal for the CLI progress-bar test).
set -euo pipefail
export DEBIAN_FRONTEND=noninteractive
PKGS=(nginx-light libnginx-mod-rtmp libnginx-mod-stream rtmpdump librtmp-dev ffmpeg tshark openssl iproute2 util-linux procps time microsocks dante-server curl python3 bsdutils)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  echo "installing: ${missing[*]}"
  echo "wireshark-common wireshark-common/install-setuid boolean false" | debconf-set-selections
  apt-get update -qq
  apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
# The nginx package may start a system nginx on :80; the tests run their own instances.
if [ -f /run/nginx.pid ] && kill -0 "$(cat /run/nginx.pid)" 2>/dev/null; then kill -QUIT "$(cat /run/nginx.pid)" || true; fi
echo "peers: $(nginx -v 2>&1) · $(rtmpdump -h 2>&1 | head -1) · $(ffmpeg -hide_banner -version | head -1) · $(tshark -v 2>/dev/null | head -1)"
