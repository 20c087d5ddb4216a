// A foreign client for the TLS tests: Node.js with the `ws` package (Debian's node-ws), not Qt.
// Connects to a palaver-server over wss:// trusting only the given CA, signs in, sends a ping,
// and closes. Prints one line per step; exits 0 when all of them happened.
//   node wsclient.cjs URL CA_FILE USERNAME PASSWORD
'use strict';
const fs = require('fs');
const WebSocket = require('ws');

const [url, caFile, username, password] = process.argv.slice(2);
const socket = new WebSocket(url, 'palaver.v1', { ca: fs.readFileSync(caFile) });
const timer = setTimeout(() => fail('no answer within 10 s'), 10000);
let signedIn = false;
let ponged = false;

function fail(why) {
    console.error('wsclient: ' + why);
    process.exit(1);
}

socket.on('open', () => {
    const peer = socket._socket.getPeerCertificate();
    console.log('connected ' + socket.protocol + ' ' + peer.fingerprint256.replace(/:/g, ''));
    socket.send(JSON.stringify({ type: 'login', id: 'l1', username, password }));
});
socket.on('message', (data) => {
    const message = JSON.parse(String(data));
    if (message.type === 'welcome' && message.id === 'l1') {
        signedIn = true;
        console.log('welcome ' + message.user.name);
        socket.send(JSON.stringify({ type: 'ping', id: 'p1' }));
    } else if (message.type === 'pong' && message.id === 'p1') {
        ponged = true;
        console.log('pong');
        socket.close(1000);
    } else {
        fail('unexpected ' + String(data));
    }
});
socket.on('error', (error) => fail(error.message));
socket.on('close', (code) => {
    clearTimeout(timer);
    if (!signedIn || !ponged)
        fail('closed early with ' + code);
    console.log('closed ' + code);
    process.exit(0);
});
