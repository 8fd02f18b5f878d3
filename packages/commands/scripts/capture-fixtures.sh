#!/usr/bin/env bash
# Regenerates test/fixtures/captured-commands.jsonl: the command/data message bodies that
# rtmpdump (librtmp 2.4) and ffmpeg (native RTMP) put on the wire against a private nginx-rtmp
# on loopback, captured with tshark and de-chunked by extract-commands.py (independent of our
# TypeScript code). Dev-time only; tests read the committed fixture.
#   usage: scripts/capture-fixtures.sh   (needs nginx + libnginx-mod-rtmp, rtmpdump, ffmpeg, tshark)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
OUT=$HERE/../test/fixtures/captured-commands.jsonl
PORT=${PORT:-41935}
W=$(mktemp -d /tmp/rtmp-commands-cap.XXXXXX)
mkdir -p "$W/media" "$W/logs"; chmod 755 "$W"
cat > "$W/nginx.conf" <<CONF
load_module /usr/lib/nginx/modules/ngx_rtmp_module.so;
worker_processes 1; daemon on; master_process on; pid $W/nginx.pid;
error_log $W/error.log info;
events { worker_connections 64; }
rtmp { server { listen 127.0.0.1:$PORT; chunk_size 4096;
  application vod { play $W/media; } application live { live on; } } }
CONF
ffmpeg -nostdin -loglevel error -f lavfi -i testsrc=size=160x120:rate=10 \
  -f lavfi -i sine=frequency=440:sample_rate=44100 -t 2 -c:v libx264 -c:a aac -f flv "$W/media/small.flv"
nginx -p "$W" -c "$W/nginx.conf" -e "$W/error.log"
trap 'kill $(cat $W/nginx.pid) 2>/dev/null || true; kill $TSHARK 2>/dev/null || true' EXIT
tshark -i lo -f "tcp port $PORT" -w "$W/cap.pcapng" 2>"$W/tshark.err" & TSHARK=$!
until grep -q Capturing "$W/tshark.err"; do sleep 0.2; done; sleep 0.5
U=rtmp://127.0.0.1:$PORT
# stream 0: rtmpdump vod defaults
timeout 10 rtmpdump -q -r $U/vod/small.flv -o /dev/null || true
# stream 1: rtmpdump live (-v: FCSubscribe, play start -1000)
timeout 10 rtmpdump -q -v -r $U/live/x -m 1 -o /dev/null || true
# stream 2: rtmpdump with every connect option, auth and balanced conn items, start/stop
timeout 10 rtmpdump -q -r $U/vod/small.flv -s http://example.com/player.swf -p http://example.com/page.html \
  -f 'LNX 11,2,202,235' -u secret -C B:1 -C S:hello -C O:1 -C NN:num:42.5 -C NB:flag:0 -C NS:str:val \
  -C NO:inner:1 -C NS:deep:x -C O:0 -C O:0 -C N:3.25 -C Z: -A 1 -B 1.5 -o /dev/null || true
# stream 3: ffmpeg play defaults
timeout 10 ffmpeg -nostdin -loglevel error -rtmp_buffer 1000 -i $U/vod/small.flv -f null - || true
# stream 4: ffmpeg play with swfUrl/pageUrl/rtmp_conn (NZ is ffmpeg-only) and live
timeout 10 ffmpeg -nostdin -loglevel error -rtmp_buffer 1000 -rtmp_swfurl http://example.com/p.swf \
  -rtmp_pageurl http://example.com/page -rtmp_conn 'B:1 S:hello O:1 NN:num:42.5 NZ:nil: NS:str:val O:0 N:3.25 Z:' \
  -rtmp_live live -t 0.5 -i $U/vod/small.flv -f null - || true
# stream 5: ffmpeg publish
timeout 10 ffmpeg -nostdin -loglevel error -i "$W/media/small.flv" -c copy -f flv $U/live/pub || true
sleep 1; kill -INT $TSHARK; wait $TSHARK || true
{
  echo '{"note":"captured by scripts/capture-fixtures.sh: '"$(rtmpdump -h 2>&1 | head -1) / $(ffmpeg -version | head -1 | cut -d' ' -f1-3)"' against nginx-rtmp; streams 0-2 rtmpdump, 3-5 ffmpeg"}'
  python3 "$HERE/extract-commands.py" "$W/cap.pcapng" "$PORT"
} > "$OUT"
echo "wrote $(wc -l < "$OUT") lines to $OUT"
