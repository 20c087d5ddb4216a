#!/usr/bin/env node
// Benchmark peer, not product code: the Node `ws` server that Palaver's benchmark suite runs side
// by side with palaver-server (issue 11). It speaks the `room` dialect of bench/protocol.md, as a
// Node developer would write it for speed: one process, `ws` with `bufferutil` loaded,
// permessage-deflate off, each room message serialised once and the same buffer sent to every member.
//
//   node server.js PORT      listen on 127.0.0.1:PORT (0 = any free port), print `listening PORT`
//   node server.js --version print node, ws and bufferutil versions (for the result file)
'use strict';
const http = require('http');
const path = require('path');

const MAX_FRAME = 1 << 20; // the protocol's frame limit
// A member whose unsent output passes this (palaver-server's default max-queued-bytes) is dropped,
// counted on stderr, as gorilla's hub drops one whose send channel is full: memory stays bounded
// when a client stops reading.
const MAX_BUFFERED = 8 << 20;

// ws masks and unmasks through bufferutil when require('bufferutil') works, but bufferutil falls back
// to plain JS by itself when its native build does not load: report which one ws really gets.
function bufferutilStatus() {
    try {
        const version = require('bufferutil/package.json').version;
        if (require('bufferutil') === require('bufferutil/fallback')) {
            return `${version} (JS fallback: the native module did not load)`;
        }
        const dir = path.dirname(require.resolve('bufferutil'));
        const file = path.relative(dir, require('node-gyp-build').path(dir));
        return `${version} (native, ${file.startsWith('prebuilds') ? 'prebuilt' : 'compiled here'}: ${file})`;
    } catch (e) {
        return `not loaded: ${e.message.split('\n')[0]}`;
    }
}

function versions() {
    return `node ${process.versions.node}, ws ${require('ws/package.json').version}, bufferutil ${bufferutilStatus()}`;
}

const arg = process.argv[2];
if (arg === '--version') {
    console.log(versions());
    process.exit(0);
}
if (arg === undefined || !/^\d+$/.test(arg) || Number(arg) > 65535) {
    console.error('usage: server.js PORT | --version');
    process.exit(2);
}

const WebSocket = require('ws');
const rooms = new Map(); // room name -> Set of sockets
let dropped = 0;

function deliver(ws, data) {
    if (ws.readyState !== WebSocket.OPEN) return;
    if (ws.bufferedAmount > MAX_BUFFERED) {
        ++dropped;
        console.error(`dropped a slow member (${dropped} so far)`);
        ws.terminate();
        return;
    }
    ws.send(data, { binary: false });
}

function leaveAll(ws) {
    for (const name of ws.rooms) {
        const members = rooms.get(name);
        members.delete(ws);
        if (members.size === 0) rooms.delete(name);
    }
    ws.rooms.clear();
}

function onMessage(ws, data, isBinary) {
    let m;
    try {
        m = isBinary ? null : JSON.parse(data);
    } catch (e) {
        m = null;
    }
    if (m === null || typeof m !== 'object') {
        ws.close(1007, 'expected a JSON object in a text frame');
        return;
    }
    if (m.t === 'join' && typeof m.room === 'string') {
        let members = rooms.get(m.room);
        if (!members) rooms.set(m.room, (members = new Set()));
        members.add(ws);
        ws.rooms.add(m.room);
        deliver(ws, JSON.stringify({ t: 'joined', room: m.room, n: members.size }));
    } else if (m.t === 'send' && typeof m.room === 'string' && typeof m.body === 'string') {
        const members = rooms.get(m.room);
        if (!members) return;
        // Serialise once; ws frames the same buffer for each member.
        const out = Buffer.from(JSON.stringify({ t: 'msg', room: m.room, body: m.body }));
        for (const member of members) deliver(member, out);
    } else if (m.t === 'echo' && typeof m.body === 'string') {
        deliver(ws, JSON.stringify({ t: 'echo', body: m.body }));
    } else {
        ws.close(1008, 'unknown message');
    }
}

const server = http.createServer((req, res) => {
    res.writeHead(426, { 'Content-Type': 'text/plain' });
    res.end('WebSocket only\n');
});
// handleProtocols is left at its default: ws answers with the first subprotocol offered, if any.
const wss = new WebSocket.Server({ server, perMessageDeflate: false, maxPayload: MAX_FRAME });
wss.on('connection', (ws) => {
    ws.rooms = new Set();
    ws.on('message', (data, isBinary) => onMessage(ws, data, isBinary));
    ws.on('close', () => leaveAll(ws));
    ws.on('error', () => {}); // e.g. a frame over maxPayload: ws closes the socket itself
});

server.listen(Number(arg), '127.0.0.1', () => {
    process.stdout.write(`listening ${server.address().port}\n`);
});

process.on('SIGTERM', () => {
    for (const ws of wss.clients) ws.terminate();
    wss.close();
    server.close(() => process.exit(0));
    setTimeout(() => process.exit(0), 1000).unref();
});
