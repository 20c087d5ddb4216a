// Benchmark peer, not product code: the gorilla/websocket room server that Palaver's benchmark
// suite runs side by side with palaver-server (issue 11). It speaks the `room` dialect of
// bench/protocol.md in the usual gorilla hub shape (as in gorilla's chat example): one hub
// goroutine owns the rooms, each connection has a reader goroutine and a writer goroutine fed by a
// buffered send channel. GOMAXPROCS comes from the environment (Go reads it itself).
//
//	gorilla-server PORT       listen on 127.0.0.1:PORT (0 = any free port), print `listening PORT`
//	gorilla-server --version  print the Go and gorilla/websocket versions (for the result file)
package main

import (
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/signal"
	"runtime"
	"strconv"
	"sync"
	"sync/atomic"
	"syscall"
	"time"

	"github.com/gorilla/websocket"
)

const (
	maxFrame = 1 << 20 // the protocol's frame limit
	// A member whose send channel is full is dropped (counted on stderr), as the chat example
	// does: memory stays bounded when a client stops reading. Slots hold slice headers only; the
	// frames they point to are shared by every member of a room.
	sendQueue = 4096
)

// gorillaVersion is set at build time by build.sh from the Debian package it builds against.
var gorillaVersion = "unknown"

type client struct {
	conn    *websocket.Conn
	send    chan []byte
	quit    chan struct{} // closed once, by whoever ends the connection first
	once    sync.Once
	dropped atomic.Bool
	rooms   map[string]struct{} // owned by the hub goroutine
}

func (c *client) stop() { c.once.Do(func() { close(c.quit) }) }

// offer queues a frame without blocking; a full queue drops the client (once: it stays in its
// rooms until its reader reports the closed connection to the hub).
func (c *client) offer(frame []byte) {
	select {
	case <-c.quit:
		return
	default:
	}
	select {
	case c.send <- frame:
	default:
		if c.dropped.CompareAndSwap(false, true) {
			fmt.Fprintf(os.Stderr, "dropped a slow member (%d so far)\n", atomic.AddInt64(&dropped, 1))
		}
		c.stop()
	}
}

var dropped int64

type request struct {
	from *client
	msg  inbound // msg.T == "" means: the connection has closed
}

type inbound struct {
	T    string `json:"t"`
	Room string `json:"room"`
	Body string `json:"body"`
}

type joined struct {
	T    string `json:"t"`
	Room string `json:"room"`
	N    int    `json:"n"`
}

type roomMsg struct {
	T    string `json:"t"`
	Room string `json:"room"`
	Body string `json:"body"`
}

type echoMsg struct {
	T    string `json:"t"`
	Body string `json:"body"`
}

// hub owns the rooms: every join, send and leave passes through its one goroutine, so members see
// room messages in the order the hub received them.
func hub(requests <-chan request) {
	rooms := map[string]map[*client]struct{}{}
	for r := range requests {
		c := r.from
		switch r.msg.T {
		case "join":
			members := rooms[r.msg.Room]
			if members == nil {
				members = map[*client]struct{}{}
				rooms[r.msg.Room] = members
			}
			members[c] = struct{}{}
			c.rooms[r.msg.Room] = struct{}{}
			frame, _ := json.Marshal(joined{"joined", r.msg.Room, len(members)})
			c.offer(frame)
		case "send":
			// Serialised once; every member's writer sends the same bytes.
			frame, _ := json.Marshal(roomMsg{"msg", r.msg.Room, r.msg.Body})
			for m := range rooms[r.msg.Room] {
				m.offer(frame)
			}
		case "":
			for name := range c.rooms {
				delete(rooms[name], c)
				if len(rooms[name]) == 0 {
					delete(rooms, name)
				}
			}
		}
	}
}

func reader(c *client, requests chan<- request) {
	defer func() {
		requests <- request{from: c}
		c.stop()
	}()
	c.conn.SetReadLimit(maxFrame)
	for {
		kind, data, err := c.conn.ReadMessage()
		if err != nil {
			return
		}
		var m inbound
		if kind != websocket.TextMessage || json.Unmarshal(data, &m) != nil {
			closeWith(c, websocket.CloseInvalidFramePayloadData, "expected a JSON object in a text frame")
			return
		}
		switch m.T {
		case "join", "send":
			requests <- request{c, m}
		case "echo":
			// Only the sender sees it: no need to pass through the hub.
			frame, _ := json.Marshal(echoMsg{"echo", m.Body})
			c.offer(frame)
		default:
			closeWith(c, websocket.ClosePolicyViolation, "unknown message")
			return
		}
	}
}

func closeWith(c *client, code int, text string) {
	deadline := time.Now().Add(time.Second)
	c.conn.WriteControl(websocket.CloseMessage, websocket.FormatCloseMessage(code, text), deadline)
}

func writer(c *client) {
	defer c.conn.Close()
	for {
		select {
		case frame := <-c.send:
			if c.conn.WriteMessage(websocket.TextMessage, frame) != nil {
				c.stop()
				return
			}
		case <-c.quit:
			return
		}
	}
}

func main() {
	if len(os.Args) == 2 && os.Args[1] == "--version" {
		fmt.Printf("%s, gorilla/websocket %s, GOMAXPROCS %d\n", runtime.Version(), gorillaVersion,
			runtime.GOMAXPROCS(0))
		return
	}
	port, err := 0, error(nil)
	if len(os.Args) == 2 {
		port, err = strconv.Atoi(os.Args[1])
	}
	if len(os.Args) != 2 || err != nil || port < 0 || port > 65535 {
		fmt.Fprintln(os.Stderr, "usage: gorilla-server PORT | --version")
		os.Exit(2)
	}

	requests := make(chan request, 1024)
	go hub(requests)

	upgrader := websocket.Upgrader{
		ReadBufferSize:  4096,
		WriteBufferSize: 4096,
		CheckOrigin:     func(*http.Request) bool { return true },
	}
	http.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		// Accept and ignore any subprotocol: answer with the first one offered, as ws does.
		var header http.Header
		if offered := websocket.Subprotocols(r); len(offered) > 0 {
			header = http.Header{"Sec-Websocket-Protocol": {offered[0]}}
		}
		conn, err := upgrader.Upgrade(w, r, header)
		if err != nil {
			return
		}
		c := &client{conn: conn, send: make(chan []byte, sendQueue), quit: make(chan struct{}),
			rooms: map[string]struct{}{}}
		go writer(c)
		go reader(c, requests)
	})

	listener, err := net.Listen("tcp", net.JoinHostPort("127.0.0.1", strconv.Itoa(port)))
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	var stopping atomic.Bool
	terms := make(chan os.Signal, 1)
	signal.Notify(terms, syscall.SIGTERM, syscall.SIGINT)
	go func() {
		<-terms
		stopping.Store(true)
		listener.Close() // Serve returns; open connections end with the process
	}()
	fmt.Printf("listening %d\n", listener.Addr().(*net.TCPAddr).Port)
	server := &http.Server{MaxHeaderBytes: 16 << 10, ReadHeaderTimeout: 10 * time.Second}
	err = server.Serve(listener)
	if !stopping.Load() {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
