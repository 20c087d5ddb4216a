#!/usr/bin/env node
// The "idle tax" of a running palaver-server: IDLE signed-in connections that only answer the
// server's pings, then the server's CPU while they sit idle, then BUSY clients doing `ping`
// round trips (one in flight each; the worker answers them itself) for SECONDS. Run it with
// IDLE = 0 and IDLE = N against the same server build and compare the round-trip rates.
// A stopgap until the native load generator (issue 11); on loopback only:
//   node scripts/measure/idletax.js PORT SERVER_PID USER PASSWORD IDLE BUSY SECONDS
// The server's [limits] must allow IDLE + BUSY sessions of one user from one address
// (max-sessions-per-user, max-connections-per-ip, max-connections) and the request rate
// (user-requests-per-minute, -burst). Prints one JSON line.
'use strict';
const fs = require('fs');
const WebSocket = require('/usr/share/nodejs/ws');

const [port, pid, user, password, idleArg, busyArg, secondsArg] = process.argv.slice(2);
const idleCount = Number(idleArg);
const busyCount = Number(busyArg);
const seconds = Number(secondsArg);
const url = `ws://127.0.0.1:${port}/v1/ws`;

function cpuSeconds() {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime + stime, in ticks of 10 ms
}

function open(first) {
    return new Promise((resolve, reject) => {
        const ws = new WebSocket(url, 'palaver.v1', { perMessageDeflate: false });
        ws.on('error', reject);
        ws.on('open', () => ws.send(JSON.stringify(first)));
        ws.once('message', (data) => {
            const welcome = JSON.parse(data);
            if (welcome.type !== 'welcome') reject(new Error(String(data)));
            else resolve({ ws, welcome });
        });
    });
}

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function measureCpu(ms) {
    const cpu = cpuSeconds();
    const wall = process.hrtime.bigint();
    await sleep(ms);
    return (cpuSeconds() - cpu) / (Number(process.hrtime.bigint() - wall) / 1e9);
}

(async () => {
    const { ws: first, welcome } = await open({ type: 'login', id: 'l', username: user, password });
    const auth = { type: 'auth', id: 'a', token: welcome.token };
    const idle = [first];
    const rampStart = process.hrtime.bigint();
    while (idle.length < idleCount) {
        const batch = Math.min(200, idleCount - idle.length);
        const opened = await Promise.all(Array.from({ length: batch }, () => open(auth)));
        for (const { ws } of opened) idle.push(ws);
    }
    const rampSeconds = Number(process.hrtime.bigint() - rampStart) / 1e9;
    await sleep(3000); // let the sign-ins settle
    const idleCpu = await measureCpu(10000);

    const busy = await Promise.all(Array.from({ length: busyCount }, () => open(auth)));
    let roundTrips = 0;
    let running = true;
    for (const { ws } of busy) {
        let n = 0;
        ws.on('message', () => {
            ++roundTrips;
            if (running) ws.send(JSON.stringify({ type: 'ping', id: String(++n) }));
        });
    }
    await sleep(1000);
    for (const { ws } of busy) ws.send(JSON.stringify({ type: 'ping', id: '0' }));
    await sleep(1000); // warm-up
    const startTrips = roundTrips;
    const busyCpu = await measureCpu(seconds * 1000);
    const trips = roundTrips - startTrips;
    running = false;
    console.log(JSON.stringify({
        idle: idleCount,
        busy: busyCount,
        upgradesPerSecond: Math.round(Math.max(0, idleCount - 1) / Math.max(rampSeconds, 1e-9)),
        idleServerCpuPercent: Math.round(idleCpu * 1000) / 10,
        roundTripsPerSecond: Math.round(trips / seconds),
        busyServerCpuPercent: Math.round(busyCpu * 1000) / 10,
    }));
    for (const ws of idle) ws.terminate();
    for (const { ws } of busy) ws.terminate();
    process.exit(0);
})().catch((error) => {
    console.error(error.message);
    process.exit(1);
});
