#!/usr/bin/env node
// Stored-message throughput of a running palaver-server: ROOMS rooms of MEMBERS users each, every
// member sends PER_USER messages with up to WINDOW of their own unacknowledged at a time. Prints
// acknowledged (stored) messages per wall second and per server CPU-second, and checks what
// arrived: every send acknowledged once, each room's seqs gapless, every member got every message
// of its room in seq order with the acknowledged ids. A stopgap until bench/loadgen (Node measures
// Node at high rates: watch its own CPU); on loopback only:
//   node scripts/measure/throughput.js PORT SERVER_PID USERPREFIX ROOMS MEMBERS PER_USER WINDOW [TOKENS]
// Users USERPREFIX0 … USERPREFIX(ROOMS*MEMBERS-1) must exist with the password "bench", and the
// server's [limits] must allow the rate (see /work/bench/bench.ini). TOKENS: a JSON file of
// session tokens; when present they are used (`auth`, no password hashing: for runs under
// valgrind), else it is written after logging in.
'use strict';
const fs = require('fs');
const WebSocket = require('/usr/share/nodejs/ws');

const [port, pid, prefix, roomArg, memberArg, perUserArg, windowArg, tokenFile] = process.argv.slice(2);
const rooms = Number(roomArg);
const membersPerRoom = Number(memberArg);
const perUser = Number(perUserArg);
const window = Number(windowArg);
const tokens = tokenFile && fs.existsSync(tokenFile) ? JSON.parse(fs.readFileSync(tokenFile, 'utf8')) : {};

function cpuSeconds() {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
}

function connect(name) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, 'palaver.v1');
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify(tokens[name]
            ? { type: 'auth', id: 'l', token: tokens[name] }
            : { type: 'login', id: 'l', username: name, password: 'bench' })));
        ws.once('message', (data) => {
            const welcome = JSON.parse(data);
            if (welcome.type !== 'welcome') return reject(new Error(`${name}: ${data}`));
            if (welcome.token) tokens[name] = welcome.token;
            ws.userId = welcome.user.id;
            resolve(ws);
        });
    });
}

function request(ws, message, type) {
    return new Promise((resolve, reject) => {
        const onMessage = (data) => {
            const m = JSON.parse(data);
            if (m.id !== message.id) return;
            ws.off('message', onMessage);
            if (m.type === type) resolve(m); else reject(new Error(String(data)));
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify(message));
    });
}

(async () => {
    const users = [];
    for (let i = 0; i < rooms * membersPerRoom; ++i) users.push(await connect(`${prefix}${i}`));
    if (tokenFile && !fs.existsSync(tokenFile)) fs.writeFileSync(tokenFile, JSON.stringify(tokens));
    const roomOf = [];
    for (let r = 0; r < rooms; ++r) {
        const members = users.slice(r * membersPerRoom, (r + 1) * membersPerRoom);
        const names = members.slice(1).map((_, i) => `${prefix}${r * membersPerRoom + i + 1}`);
        const created = await request(members[0], { type: 'conversation.create', id: `c${r}`, kind: 'room',
            title: `bench ${r}`, members: names }, 'conversation');
        for (const ws of members) roomOf.push({ ws, convId: created.conversation.convId });
    }
    const expectedPerMember = membersPerRoom * perUser;
    const total = users.length * perUser;
    let acked = 0;
    let finished = 0;
    const errors = [];
    const ackedIds = new Map(); // msgId -> seq, per conv
    let done;
    const allDone = new Promise((resolve) => { done = resolve; });
    const check = () => { if (acked === total && finished === users.length) done(); };
    const startCpu = cpuSeconds();
    const startWall = process.hrtime.bigint();
    for (const { ws, convId } of roomOf) {
        let sent = 0;
        let inFlight = 0;
        let lastSeq = 0;
        let received = 0;
        const pump = () => {
            while (inFlight < window && sent < perUser) {
                ++inFlight;
                const n = sent++;
                ws.send(JSON.stringify({ type: 'message.send', id: `s${n}`, convId,
                    clientMsgId: `${ws.userId}-${n}-${startWall}`, text: `hello ${n}` }));
            }
        };
        ws.on('message', (data) => {
            const m = JSON.parse(data);
            if (m.type === 'ack') {
                if (m.duplicate) errors.push(`duplicate ack ${m.clientMsgId}`);
                ackedIds.set(m.msgId, `${convId}/${m.seq}`);
                ++acked;
                --inFlight;
                pump();
                check();
            } else if (m.type === 'message') {
                if (m.convId !== convId) return errors.push(`foreign conversation ${m.convId}`);
                if (m.seq !== lastSeq + 1) errors.push(`gap in ${convId}: ${lastSeq} then ${m.seq}`);
                lastSeq = m.seq;
                if (++received === expectedPerMember) { ++finished; check(); }
            } else if (m.type === 'error') {
                errors.push(String(data));
            }
        });
        pump();
    }
    await allDone;
    const wall = Number(process.hrtime.bigint() - startWall) / 1e9;
    const cpu = cpuSeconds() - startCpu;
    if (ackedIds.size !== total) errors.push(`${ackedIds.size} distinct acked msgIds of ${total}`);
    console.log(JSON.stringify({ rooms, membersPerRoom, perUser, window, stored: total,
        deliveries: total * membersPerRoom, storedPerWallSecond: Math.round(total / wall),
        storedPerServerCpuSecond: Math.round(total / cpu), serverCpuSeconds: cpu, wallSeconds: wall,
        errors: errors.slice(0, 5), errorCount: errors.length }));
    process.exit(errors.length ? 1 : 0);
})().catch((e) => { console.error(e.message); process.exit(1); });
