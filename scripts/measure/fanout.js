#!/usr/bin/env node
// A quick fan-out measurement against a running palaver-server: one sender, RECEIVERS members
// of one room, MESSAGES sends with one in flight (the next goes when every receiver has the last
// one, and the sender has its own copy). Prints deliveries per server CPU-second and per wall
// second, the median send → last receiver time, and the median and p90 send → the sender's own
// copy (it follows the `ack` on the same connection: what Nagle's algorithm delays). A stopgap for before/after figures until the benchmark suite (issue 11); run
// it against two builds side by side, on loopback only:
//   node scripts/measure/fanout.js PORT SERVER_PID USERPREFIX RECEIVERS MESSAGES
// The users USERPREFIX0..N must exist with the password "bench" (palaver-server user add), and
// the server's [limits] must allow the rate (messages-per-minute, rooms-created-*).
'use strict';
const fs = require('fs');
const WebSocket = require('/usr/share/nodejs/ws');

const [port, pid, prefix, receiverCount, messageCount] = process.argv.slice(2);
const receivers = Number(receiverCount);
const messages = Number(messageCount);

function cpuSeconds() {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 10 ms
}

function connect(name) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, 'palaver.v1');
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify({ type: 'login', id: 'l', username: name, password: 'bench' })));
        ws.once('message', (data) => {
            const welcome = JSON.parse(data);
            if (welcome.type !== 'welcome') reject(new Error(`${name}: ${data}`));
            resolve(ws);
        });
    });
}

(async () => {
    const sender = await connect(`${prefix}0`);
    const members = [];
    for (let i = 1; i <= receivers; ++i) members.push(await connect(`${prefix}${i}`));
    const convId = await new Promise((resolve, reject) => {
        sender.on('message', function created(data) {
            const m = JSON.parse(data);
            if (m.type === 'conversation' && m.id === 'c') { sender.off('message', created); resolve(m.conversation.convId); }
            if (m.type === 'error') reject(new Error(String(data)));
        });
        sender.send(JSON.stringify({ type: 'conversation.create', id: 'c', kind: 'room', title: 'bench',
            members: Array.from({ length: receivers }, (_, i) => `${prefix}${i + 1}`) }));
    });
    let pending = 0;
    let receiversPending = 0;
    let sentAt = 0;
    const latencies = [];
    const echoes = [];
    let next;
    const arrived = () => { if (--pending === 0) next(); };
    for (const ws of members) {
        ws.on('message', (data) => {
            if (JSON.parse(data).type !== 'message') return;
            if (--receiversPending === 0) latencies.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
            arrived();
        });
    }
    sender.on('message', (data) => {
        if (JSON.parse(data).type !== 'message') return;
        echoes.push(Number(process.hrtime.bigint() - sentAt) / 1e6);
        arrived();
    });
    const startCpu = cpuSeconds();
    const startWall = process.hrtime.bigint();
    await new Promise((resolve) => {
        let sent = 0;
        next = () => {
            if (sent === messages) return resolve();
            receiversPending = receivers;
            pending = receivers + 1; // and the sender's own copy
            sentAt = process.hrtime.bigint();
            sender.send(JSON.stringify({ type: 'message.send', convId, clientMsgId: `m${sent}-${Date.now()}`, text: `hello ${sent}` }));
            ++sent;
        };
        next();
    });
    const wall = Number(process.hrtime.bigint() - startWall) / 1e9;
    const cpu = cpuSeconds() - startCpu;
    latencies.sort((a, b) => a - b);
    echoes.sort((a, b) => a - b);
    const deliveries = messages * receivers;
    console.log(JSON.stringify({ receivers, messages, deliveries,
        deliveriesPerServerCpuSecond: Math.round(deliveries / cpu), deliveriesPerWallSecond: Math.round(deliveries / wall),
        medianMs: latencies[latencies.length >> 1].toFixed(2),
        ownCopyMedianMs: echoes[echoes.length >> 1].toFixed(2),
        ownCopyP90Ms: echoes[Math.floor(echoes.length * 0.9)].toFixed(2), serverCpuSeconds: cpu }));
    process.exit(0);
})().catch((e) => { console.error(e.message); process.exit(1); });
