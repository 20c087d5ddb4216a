#!/usr/bin/env python3
"""Smoke check of the raw-server's `raw` dialect (bench/protocol.md), used by smoke.sh; not product
code. Two members join one room; sends reach both in order, the sender included; echo reaches the
sender only; a line over 1 MiB closes the connection; a member that closed is no longer counted.
   python3 smoke-raw.py PORT
"""
import socket
import sys
import time

port = int(sys.argv[1])


def fail(why):
    print(f"FAIL: {why}", file=sys.stderr)
    sys.exit(1)


class Client:
    def __init__(self):
        self.sock = socket.create_connection(("127.0.0.1", port), timeout=5)
        self.buf = b""

    def send(self, line):
        self.sock.sendall(line.encode() + b"\n")

    def next(self):
        while b"\n" not in self.buf:
            try:
                chunk = self.sock.recv(65536)
            except socket.timeout:
                fail(f"no answer within 5 s, pending {self.buf!r}")
            if not chunk:
                fail(f"connection closed, pending {self.buf!r}")
            self.buf += chunk
        line, self.buf = self.buf.split(b"\n", 1)
        return line.decode()

    def expect(self, what, want):
        got = self.next()
        if got != want:
            fail(f"{what}: got {got!r}, want {want!r}")


a, b = Client(), Client()
a.send("J R")
a.expect("first join", "j R 1")
b.send("J R")
b.expect("second join", "j R 2")
a.send("S R one")
a.send("S R two")
for who, c in (("sender", a), ("member", b)):
    c.expect(f"{who} gets 1st", "m R one")
    c.expect(f"{who} gets 2nd", "m R two")
b.send("E e1")
b.expect("echo", "e e1")

# A line over the limit ends that connection.
c = Client()
try:
    c.sock.sendall(b"E " + b"x" * (1 << 20))
    closed = c.sock.recv(16) == b""
except ConnectionResetError:
    closed = True
if not closed:
    fail("a line over 1 MiB did not close the connection")

b.sock.close()
for attempt in range(101):
    a.send("J R")
    got = a.next()
    if got == "j R 1":
        break
    if attempt == 100:
        fail(f"room still counts members after one closed: {got!r}")
    time.sleep(0.02)
a.send("S R three")
a.expect("after leave", "m R three")
print("ok: join, send (ordered, sender included), echo, 1 MiB limit, leave")
