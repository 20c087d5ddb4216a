#!/usr/bin/env node
// Relay measurement (issue 11, scenario "relay"): a fake OpenAI-compatible SSE upstream and the
// clients that read the replies, in one process so that both share one clock. STREAMS AI chats of
// one user each ask for a reply at the same moment; the upstream answers every request at once
// and then writes TOKENS tokens at RATE tokens/s. Each token names its stream and index, so the
// client knows when the upstream wrote it. Prints one JSON line:
//   firstToken*: message.send -> first generation.delta (the upstream adds no delay of its own)
//   upstreamStart*: message.send -> the request reaches the upstream (the server starting a reply)
//   token*: upstream write -> client receive, every token (the latency the relay adds)
//   threads / rssKb: the server's /proc/PID/status while all replies stream (idle figures before)
//   ok: every reply's deltas, in order, concatenate to the tokens written and to generation.end's text
// Run it against a palaver-server on loopback (scripts/measure/relay.sh starts one):
//   node scripts/measure/relay.js PORT SERVER_PID USER STREAMS RATE TOKENS UPSTREAM_PORT
'use strict';
const fs = require('fs');
const http = require('http');
const WebSocket = require('/usr/share/nodejs/ws');

const [port, pid, user, streamArg, rateArg, tokenArg, upstreamPort] = process.argv.slice(2);
const streams = Number(streamArg);
const rate = Number(rateArg);
const tokens = Number(tokenArg);
const now = () => Number(process.hrtime.bigint()) / 1e6; // ms

function status(field) {
    const line = fs.readFileSync(`/proc/${pid}/status`, 'utf8').split('\n').find((l) => l.startsWith(field));
    return Number(line.split(/\s+/)[1]);
}
function cpuSeconds() {
    const fields = fs.readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
}
function percentile(values, p) {
    if (values.length === 0) return null;
    const sorted = Float64Array.from(values).sort();
    return Math.round(sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] * 100) / 100;
}

// The upstream: stream k's tokens are "k.i " for i = 0 .. tokens-1.
const writtenAt = []; // [k][i]
const upstreamStartAt = [];
const upstream = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => { body += chunk; });
    req.on('end', () => {
        const messages = JSON.parse(body).messages;
        const k = Number(/go (\d+)/.exec(messages[messages.length - 1].content)[1]);
        upstreamStartAt[k] = now();
        writtenAt[k] = [];
        res.writeHead(200, { 'Content-Type': 'text/event-stream' });
        const start = now();
        let i = 0;
        const next = () => {
            if (i === tokens) {
                res.end('data: {"choices":[{"delta":{},"finish_reason":"stop"}]}\n\ndata: [DONE]\n\n');
                return;
            }
            writtenAt[k][i] = now();
            res.write(`data: {"choices":[{"delta":{"content":"${k}.${i} "}}]}\n\n`);
            ++i;
            // Paced from the schedule, so a late timer does not slow the whole reply down.
            setTimeout(next, Math.max(0, start + (i * 1000) / rate - now()));
        };
        next();
    });
});

function request(ws, message) {
    return new Promise((resolve, reject) => {
        const onMessage = (data) => {
            const m = JSON.parse(data);
            if (m.id !== message.id) return;
            ws.off('message', onMessage);
            if (m.type === 'error') reject(new Error(String(data)));
            else resolve(m);
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify(message));
    });
}

(async () => {
    await new Promise((resolve) => upstream.listen(Number(upstreamPort), '127.0.0.1', resolve));
    const ws = new WebSocket(`ws://127.0.0.1:${port}/v1/ws`, 'palaver.v1');
    await new Promise((resolve, reject) => { ws.on('open', resolve); ws.on('error', reject); });
    const welcome = await request(ws, { type: 'login', id: 'l', username: user, password: 'bench' });
    if (welcome.type !== 'welcome') throw new Error(JSON.stringify(welcome));
    const convs = [];
    for (let k = 0; k < streams; ++k) {
        const created = await request(ws, { type: 'conversation.create', id: `c${k}`, title: `relay ${k}` });
        convs.push(created.conversation.convId);
    }
    // Warm-up: one short reply first, so one-off costs (the first upstream connection, Qt's
    // network plugins) are not counted against the first stream.
    const warm = await request(ws, { type: 'conversation.create', id: 'w', title: 'warm-up' });
    await new Promise((resolve) => {
        const onMessage = (data) => {
            const m = JSON.parse(data);
            if (m.type === 'generation.end' && m.convId === warm.conversation.convId) {
                ws.off('message', onMessage);
                resolve();
            }
        };
        ws.on('message', onMessage);
        ws.send(JSON.stringify({ type: 'message.send', id: 'w', convId: warm.conversation.convId,
            clientMsgId: '00000000-0000-4000-8000-ffffffffffff', text: `go ${streams}` }));
    });
    const idle = { threads: status('Threads:'), rssKb: status('VmRSS:') };
    const streamOf = new Map(convs.map((c, k) => [c, k]));
    const sentAt = [];
    const firstAt = [];
    const received = convs.map(() => '');
    const lastSeq = convs.map(() => 0);
    const tokenLatency = [];
    let deltas = 0;
    let ended = 0;
    let ok = true;
    let mid = null;
    const cpu0 = cpuSeconds();
    const done = new Promise((resolve) => {
        ws.on('message', (data) => {
            const t = now();
            const m = JSON.parse(data);
            const k = streamOf.get(m.convId);
            if (k === undefined) return;
            if (m.type === 'generation.delta') {
                ++deltas;
                if (m.deltaSeq !== lastSeq[k] + 1) ok = false;
                lastSeq[k] = m.deltaSeq;
                if (firstAt[k] === undefined) firstAt[k] = t;
                received[k] += m.text;
                for (const token of m.text.split(' ')) {
                    if (token === '') continue;
                    const i = Number(token.split('.')[1]);
                    tokenLatency.push(t - writtenAt[k][i]);
                }
                if (mid === null && deltas >= (streams * tokens) / 2)
                    mid = { threads: status('Threads:'), rssKb: status('VmRSS:') };
            } else if (m.type === 'generation.end') {
                if (m.finish !== 'stop' || m.message.text !== received[k]) ok = false;
                if (++ended === streams) resolve();
            }
        });
    });
    const t0 = now();
    for (let k = 0; k < streams; ++k) {
        sentAt[k] = now();
        ws.send(JSON.stringify({ type: 'message.send', id: `m${k}`, convId: convs[k],
            clientMsgId: `00000000-0000-4000-8000-${String(k).padStart(12, '0')}`, text: `go ${k}` }));
    }
    await done;
    const wall = (now() - t0) / 1000;
    for (let k = 0; k < streams; ++k) {
        let expected = '';
        for (let i = 0; i < tokens; ++i) expected += `${k}.${i} `;
        if (received[k] !== expected) ok = false;
    }
    const firstToken = firstAt.map((t, k) => t - sentAt[k]);
    const upstreamStart = upstreamStartAt.slice(0, streams).map((t, k) => t - sentAt[k]);
    console.log(JSON.stringify({
        streams, rate, tokens, ok, deltas, tokensSent: streams * tokens,
        idleThreads: idle.threads, threads: mid && mid.threads,
        idleRssKb: idle.rssKb, rssKb: mid && mid.rssKb,
        kbPerStream: mid && Math.round(((mid.rssKb - idle.rssKb) / streams) * 10) / 10,
        firstTokenP50: percentile(firstToken, 0.5), firstTokenP99: percentile(firstToken, 0.99),
        firstTokenMax: percentile(firstToken, 1),
        upstreamStartP50: percentile(upstreamStart, 0.5), upstreamStartMax: percentile(upstreamStart, 1),
        tokenP50: percentile(tokenLatency, 0.5), tokenP99: percentile(tokenLatency, 0.99),
        tokenMax: percentile(tokenLatency, 1),
        serverCpuS: Math.round((cpuSeconds() - cpu0) * 100) / 100, wallS: Math.round(wall * 100) / 100,
    }));
    ws.close();
    upstream.close();
    process.exit(0);
})().catch((e) => { console.error(e); process.exit(1); });
