#!/usr/bin/env node
// Smoke check of a benchmark peer's `room` dialect (bench/protocol.md), used by smoke.sh; not
// product code. Two members join one room; sends reach both in order, the sender included; echo
// reaches the sender only; a ping gets a pong; an offered subprotocol is accepted; a frame over
// 1 MiB closes the connection; a member that closed is no longer counted.
//   node smoke-client.js WS_MODULE_DIR PORT
'use strict';
const [wsDir, port] = process.argv.slice(2);
const WebSocket = require(wsDir);

const url = `ws://127.0.0.1:${port}/any/path`;
const fail = (why) => {
    console.error(`FAIL: ${why}`);
    process.exit(1);
};
// Each awaited step has 5 s: a peer that never answers fails with the step's name.
let step = 'connecting';
let deadline;
const arm = () => {
    clearTimeout(deadline);
    deadline = setTimeout(() => fail(`no answer within 5 s: ${step}`), 5000);
};
const expect = (what, got, want) => {
    step = `after ${what}`;
    arm();
    if (JSON.stringify(got) !== JSON.stringify(want))
        fail(`${what}: got ${JSON.stringify(got)}, want ${JSON.stringify(want)}`);
};

// A client whose messages are read in order with next().
function open(protocols) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(url, protocols);
        const queue = [];
        const waiters = [];
        ws.on('message', (data) => {
            const m = JSON.parse(data);
            if (waiters.length) waiters.shift()(m);
            else queue.push(m);
        });
        ws.next = () => (queue.length ? Promise.resolve(queue.shift()) : new Promise((r) => waiters.push(r)));
        ws.json = (m) => ws.send(JSON.stringify(m));
        ws.on('open', () => resolve(ws));
        ws.on('error', reject);
    });
}

(async () => {
    arm();
    const a = await open();
    const b = await open(['palaver.v1']);
    expect('subprotocol answered', b.protocol, 'palaver.v1');

    a.json({ t: 'join', room: 'R' });
    expect('first join', await a.next(), { t: 'joined', room: 'R', n: 1 });
    b.json({ t: 'join', room: 'R' });
    expect('second join', await b.next(), { t: 'joined', room: 'R', n: 2 });

    a.json({ t: 'send', room: 'R', body: 'one' });
    a.json({ t: 'send', room: 'R', body: 'two' });
    for (const [who, ws] of [['sender', a], ['member', b]]) {
        expect(`${who} gets 1st`, await ws.next(), { t: 'msg', room: 'R', body: 'one' });
        expect(`${who} gets 2nd`, await ws.next(), { t: 'msg', room: 'R', body: 'two' });
    }

    b.json({ t: 'echo', body: 'e1' });
    expect('echo', await b.next(), { t: 'echo', body: 'e1' });

    await new Promise((resolve) => {
        a.once('pong', (data) => resolve(expect('pong payload', data.toString(), 'p')));
        a.ping('p');
    });

    // A frame over the limit ends that connection (ws closes with 1009, gorilla drops it).
    const c = await open();
    await new Promise((resolve) => {
        c.on('close', resolve);
        c.on('error', () => {});
        c.send('x'.repeat((1 << 20) + 16));
    });

    // b leaves by closing; the server notices on its own schedule, so ask again (bounded) until
    // the room counts a alone.
    await new Promise((resolve) => {
        b.on('close', resolve);
        b.close();
    });
    for (let attempt = 0; ; ++attempt) {
        a.json({ t: 'join', room: 'R' });
        const m = await a.next();
        if (m.n === 1) break;
        if (attempt === 100) fail(`room still counts ${m.n} members after one closed`);
        await new Promise((r) => setTimeout(r, 20));
    }
    // And a send then reaches a only, with nothing left over from b.
    a.json({ t: 'send', room: 'R', body: 'three' });
    expect('after leave', await a.next(), { t: 'msg', room: 'R', body: 'three' });
    a.close();
    clearTimeout(deadline);
    console.log('ok: join, send (ordered, sender included), echo, ping, subprotocol, 1 MiB limit, leave');
})().catch((e) => fail(e.stack || String(e)));
