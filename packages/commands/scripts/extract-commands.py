#!/usr/bin/env python3
"""Extract the client->server RTMP command/data message bodies from a pcap(ng).

Independent of the TypeScript code on purpose (golden vectors must not come from our own
decoder): tshark gives each TCP stream's raw client bytes; this script skips C0+C1+C2
(1 + 1536 + 1536 bytes), de-chunks per RTMP spec 5.3 (basic header 1-3 bytes, message header
11/7/3/0 bytes, extended timestamp, Set Chunk Size from the client) and prints one JSON object
per command (type 17/20) or data (type 15/18) message: stream, direction (c2s / s2c), csid,
typeId, msid, hex body. Server bytes skip S0+S1+S2 the same way and track the server's chunk size.

usage: extract-commands.py capture.pcapng PORT > messages.jsonl
"""
import json
import subprocess
import sys


def tcp_streams(pcap, port):
    out = subprocess.run(
        ['tshark', '-r', pcap, '-T', 'fields', '-e', 'tcp.stream',
         '-Y', f'tcp.flags.syn==1 && tcp.flags.ack==0 && tcp.dstport=={port}'],
        capture_output=True, text=True, check=True).stdout.split()
    return [int(s) for s in out]


def peer_bytes(pcap, stream, server):
    out = subprocess.run(
        ['tshark', '-r', pcap, '-q', '-z', f'follow,tcp,raw,{stream}'],
        capture_output=True, text=True, check=True).stdout
    data = bytearray()
    started = False
    for line in out.splitlines():
        if line.startswith('====='):
            started = not started if not started else False
            continue
        if not started or not line or line.startswith(('Follow', 'Filter', 'Node')):
            continue
        if line.startswith('\t') != server:
            continue  # the other direction (tshark indents server -> client lines)
        data += bytes.fromhex(line.strip())
    return bytes(data)


def dechunk(data):
    pos = 1 + 1536 + 1536
    chunk_size = 128
    state = {}
    while pos < len(data):
        b0 = data[pos]
        fmt = b0 >> 6
        csid = b0 & 0x3F
        pos += 1
        if csid == 0:
            csid = 64 + data[pos]
            pos += 1
        elif csid == 1:
            csid = 64 + data[pos] + 256 * data[pos + 1]
            pos += 2
        st = state.setdefault(csid, {'ts': 0, 'len': 0, 'type': 0, 'msid': 0, 'buf': None, 'ext': False})
        if fmt <= 2:
            ts = int.from_bytes(data[pos:pos + 3], 'big')
            pos += 3
            st['ext'] = ts == 0xFFFFFF
        if fmt <= 1:
            st['len'] = int.from_bytes(data[pos:pos + 3], 'big')
            st['type'] = data[pos + 3]
            pos += 4
        if fmt == 0:
            st['msid'] = int.from_bytes(data[pos:pos + 4], 'little')
            pos += 4
        if st['ext'] and (fmt <= 2 or st['buf'] is not None):
            pos += 4
        if st['buf'] is None:
            st['buf'] = bytearray()
        take = min(chunk_size, st['len'] - len(st['buf']))
        st['buf'] += data[pos:pos + take]
        pos += take
        if len(st['buf']) == st['len']:
            body = bytes(st['buf'])
            st['buf'] = None
            if st['type'] == 1:
                chunk_size = int.from_bytes(body[:4], 'big') & 0x7FFFFFFF
            yield csid, st['type'], st['msid'], body


def main():
    pcap, port = sys.argv[1], int(sys.argv[2])
    for stream in tcp_streams(pcap, port):
        for server in (False, True):
            for csid, type_id, msid, body in dechunk(peer_bytes(pcap, stream, server)):
                if type_id in (15, 17, 18, 20):
                    print(json.dumps({'stream': stream, 'dir': 's2c' if server else 'c2s',
                                      'csid': csid, 'typeId': type_id, 'msid': msid,
                                      'hex': body.hex()}))


if __name__ == '__main__':
    main()
