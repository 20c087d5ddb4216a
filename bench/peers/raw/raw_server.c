/*
 * Benchmark peer, not product code: the ceiling of Palaver's benchmark suite (issue 11). It speaks
 * the `raw` dialect of bench/protocol.md (newline-terminated lines over plain TCP, no WebSocket, no
 * JSON), single-threaded on epoll, so its figures say what the machine and the kernel's loopback
 * allow for the same room fan-out, with no framing, parsing or threading cost above it.
 *
 *   raw-server PORT       listen on 127.0.0.1:PORT (0 = any free port), print `listening PORT`
 *   raw-server --version  print the compiler it was built with (for the result file)
 *
 * Shape: non-blocking sockets, level-triggered epoll. Each connection has an input buffer (a line
 * is at most MAX_LINE bytes, else the connection is closed) and an output buffer that only grows
 * when the socket backs up (then EPOLLOUT is asked for; past MAX_OUTPUT the member is dropped).
 * Output produced while handling one epoll batch is written once per connection at its end.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/epoll.h>
#include <sys/signalfd.h>
#include <sys/socket.h>
#include <unistd.h>

enum {
    MAX_LINE = 1 << 20, /* the protocol's line limit, newline included */
    MAX_OUTPUT = 8 << 20, /* unsent bytes before a member is dropped: palaver-server's default */
    READ_CHUNK = 64 << 10,
    READS_PER_EVENT = 16, /* then the next connection's turn: epoll is level-triggered */
    MAX_EVENTS = 256,
};

struct room;

struct conn
{
    int fd;
    int dirty; /* on the flush list */
    int want_out; /* EPOLLOUT registered */
    int dropping; /* over MAX_OUTPUT: shut down, closed when epoll reports it */
    char* in;
    size_t in_len, in_cap;
    char* out;
    size_t out_off, out_len, out_cap;
    struct room** rooms; /* rooms joined, to leave them on close */
    size_t n_rooms, rooms_cap;
    struct conn* next_dirty;
    struct conn* next_dead;
};

struct room
{
    char* name;
    size_t name_len;
    struct conn** members;
    size_t n_members, members_cap;
    struct room* next; /* hash chain */
};

static struct room* g_buckets[1 << 12];
static struct conn* g_dirty; /* output to write at the batch's end */
static struct conn* g_dead; /* closed, freed at the batch's end */
static int g_epoll;
static unsigned long g_dropped;

static void* xrealloc(void* p, size_t n)
{
    void* q = realloc(p, n);
    if (!q) {
        perror("realloc");
        exit(1);
    }
    return q;
}

static void grow(void** buf, size_t* cap, size_t need, size_t elem)
{
    if (need <= *cap)
        return;
    size_t cap2 = *cap ? *cap : 16;
    while (cap2 < need)
        cap2 *= 2;
    *buf = xrealloc(*buf, cap2 * elem);
    *cap = cap2;
}

static uint32_t hash(const char* s, size_t n)
{
    uint32_t h = 2166136261u; /* FNV-1a */
    for (size_t i = 0; i < n; ++i)
        h = (h ^ (unsigned char)s[i]) * 16777619u;
    return h;
}

static struct room* find_room(const char* name, size_t len, int create)
{
    struct room** slot = &g_buckets[hash(name, len) % (sizeof g_buckets / sizeof *g_buckets)];
    for (struct room* r = *slot; r; r = r->next)
        if (r->name_len == len && memcmp(r->name, name, len) == 0)
            return r;
    if (!create)
        return NULL;
    struct room* r = calloc(1, sizeof *r);
    if (!r)
        exit(1);
    r->name = xrealloc(NULL, len ? len : 1);
    memcpy(r->name, name, len);
    r->name_len = len;
    r->next = *slot;
    *slot = r;
    return r;
}

static void close_conn(struct conn* c);

static void mark_dirty(struct conn* c)
{
    if (!c->dirty) {
        c->dirty = 1;
        c->next_dirty = g_dirty;
        g_dirty = c;
    }
}

/* Appends one line made of up to three parts to c's output; it is written at the batch's end. */
static void emit(
    struct conn* c, const char* a, size_t na, const char* b, size_t nb, const char* d, size_t nd)
{
    if (c->fd < 0 || c->dropping)
        return;
    size_t pending = c->out_len - c->out_off;
    if (pending + na + nb + nd > MAX_OUTPUT) {
        /* Not closed here: the caller may be walking a room's members. */
        fprintf(stderr, "dropped a slow member (%lu so far)\n", ++g_dropped);
        shutdown(c->fd, SHUT_RDWR);
        c->dropping = 1;
        c->out_off = c->out_len = 0;
        return;
    }
    if (c->out_off > 0 && c->out_off == c->out_len)
        c->out_off = c->out_len = 0;
    grow((void**)&c->out, &c->out_cap, c->out_len + na + nb + nd, 1);
    memcpy(c->out + c->out_len, a, na);
    memcpy(c->out + c->out_len + na, b, nb);
    memcpy(c->out + c->out_len + na + nb, d, nd);
    c->out_len += na + nb + nd;
    mark_dirty(c);
}

static void set_events(struct conn* c, int want_out)
{
    if (c->want_out == want_out)
        return;
    struct epoll_event ev = { .events = EPOLLIN | (want_out ? EPOLLOUT : 0), .data.ptr = c };
    epoll_ctl(g_epoll, EPOLL_CTL_MOD, c->fd, &ev);
    c->want_out = want_out;
}

/* Writes what c holds; returns -1 if the connection failed. */
static int flush_conn(struct conn* c)
{
    while (c->out_off < c->out_len) {
        ssize_t n = write(c->fd, c->out + c->out_off, c->out_len - c->out_off);
        if (n < 0) {
            if (errno == EINTR)
                continue;
            if (errno == EAGAIN || errno == EWOULDBLOCK) {
                set_events(c, 1);
                return 0;
            }
            return -1;
        }
        c->out_off += (size_t)n;
    }
    c->out_off = c->out_len = 0;
    set_events(c, 0);
    return 0;
}

static void join(struct conn* c, const char* name, size_t len)
{
    struct room* r = find_room(name, len, 1);
    size_t i;
    for (i = 0; i < r->n_members && r->members[i] != c; ++i) { }
    if (i == r->n_members) {
        grow((void**)&r->members, &r->members_cap, r->n_members + 1, sizeof *r->members);
        r->members[r->n_members++] = c;
        grow((void**)&c->rooms, &c->rooms_cap, c->n_rooms + 1, sizeof *c->rooms);
        c->rooms[c->n_rooms++] = r;
    }
    char tail[32];
    int nt = snprintf(tail, sizeof tail, " %zu\n", r->n_members);
    emit(c, "j ", 2, name, len, tail, (size_t)nt);
}

static void leave_all(struct conn* c)
{
    for (size_t k = 0; k < c->n_rooms; ++k) {
        struct room* r = c->rooms[k];
        for (size_t i = 0; i < r->n_members; ++i) {
            if (r->members[i] == c) {
                r->members[i] = r->members[--r->n_members];
                break;
            }
        }
        /* Empty rooms are kept: the benchmark reuses a bounded set of names. */
    }
    c->n_rooms = 0;
}

/* Handles one line without its newline; returns -1 if it is not of the dialect. */
static int handle_line(struct conn* c, const char* s, size_t n)
{
    if (n >= 2 && s[1] == ' ' && s[0] == 'E') {
        emit(c, "e ", 2, s + 2, n - 2, "\n", 1);
        return 0;
    }
    if (n >= 2 && s[1] == ' ' && s[0] == 'J') {
        join(c, s + 2, n - 2);
        return 0;
    }
    if (n >= 2 && s[1] == ' ' && s[0] == 'S') {
        const char* room = s + 2;
        const char* sp = memchr(room, ' ', n - 2);
        if (!sp)
            return -1;
        struct room* r = find_room(room, (size_t)(sp - room), 0);
        if (r) /* "m R B\n": the line itself from the room on */
            for (size_t i = 0; i < r->n_members; ++i)
                emit(r->members[i], "m ", 2, room, n - 2, "\n", 1);
        return 0;
    }
    return -1;
}

static void on_readable(struct conn* c)
{
    for (int reads = 0; reads < READS_PER_EVENT; ++reads) {
        grow((void**)&c->in, &c->in_cap, c->in_len + READ_CHUNK, 1);
        ssize_t n = read(c->fd, c->in + c->in_len, READ_CHUNK);
        if (n < 0 && errno == EINTR)
            continue;
        if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
            break;
        if (n <= 0) {
            close_conn(c);
            return;
        }
        size_t scanned = c->in_len, start = 0;
        c->in_len += (size_t)n;
        char* nl;
        while ((nl = memchr(c->in + scanned, '\n', c->in_len - scanned))) {
            size_t end = (size_t)(nl - c->in);
            if (handle_line(c, c->in + start, end - start) < 0) {
                close_conn(c);
                return;
            }
            start = scanned = end + 1;
        }
        memmove(c->in, c->in + start, c->in_len - start);
        c->in_len -= start;
        if (c->in_len >= MAX_LINE) {
            close_conn(c);
            return;
        }
        if ((size_t)n < READ_CHUNK)
            break;
    }
}

static void close_conn(struct conn* c)
{
    if (c->fd < 0)
        return;
    leave_all(c);
    epoll_ctl(g_epoll, EPOLL_CTL_DEL, c->fd, NULL);
    close(c->fd);
    c->fd = -1;
    /* Freed after the batch: the flush list may still name it. */
    c->next_dead = g_dead;
    g_dead = c;
}

static void flush_all(void)
{
    while (g_dirty) {
        struct conn* c = g_dirty;
        g_dirty = c->next_dirty;
        c->dirty = 0;
        if (c->fd >= 0 && flush_conn(c) < 0)
            close_conn(c);
    }
    while (g_dead) {
        struct conn* c = g_dead;
        g_dead = c->next_dead;
        free(c->in);
        free(c->out);
        free(c->rooms);
        free(c);
    }
}

static void accept_all(int listener)
{
    for (;;) {
        int fd = accept4(listener, NULL, NULL, SOCK_NONBLOCK | SOCK_CLOEXEC);
        if (fd < 0)
            return; /* EAGAIN, or out of descriptors: try again on the next event */
        int one = 1;
        setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
        struct conn* c = calloc(1, sizeof *c);
        if (!c)
            exit(1);
        c->fd = fd;
        struct epoll_event ev = { .events = EPOLLIN, .data.ptr = c };
        epoll_ctl(g_epoll, EPOLL_CTL_ADD, fd, &ev);
    }
}

int main(int argc, char** argv)
{
    if (argc == 2 && strcmp(argv[1], "--version") == 0) {
#ifdef __VERSION__
        printf("raw-server, C, compiler " __VERSION__ "\n");
#else
        printf("raw-server, C\n");
#endif
        return 0;
    }
    char* end = NULL;
    long port = argc == 2 ? strtol(argv[1], &end, 10) : -1;
    if (argc != 2 || *argv[1] == '\0' || *end != '\0' || port < 0 || port > 65535) {
        fprintf(stderr, "usage: raw-server PORT | --version\n");
        return 2;
    }

    sigset_t mask;
    sigemptyset(&mask);
    sigaddset(&mask, SIGTERM);
    sigaddset(&mask, SIGINT);
    sigprocmask(SIG_BLOCK, &mask, NULL);
    signal(SIGPIPE, SIG_IGN);
    int sfd = signalfd(-1, &mask, SFD_NONBLOCK | SFD_CLOEXEC);

    int listener = socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    int one = 1;
    setsockopt(listener, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
    struct sockaddr_in addr = { .sin_family = AF_INET, .sin_port = htons((uint16_t)port) };
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (bind(listener, (struct sockaddr*)&addr, sizeof addr) < 0 || listen(listener, 4096) < 0) {
        perror("listen");
        return 1;
    }
    socklen_t alen = sizeof addr;
    getsockname(listener, (struct sockaddr*)&addr, &alen);

    g_epoll = epoll_create1(EPOLL_CLOEXEC);
    /* The listener and the signal fd are told apart from connections by these two tags. */
    static char listener_tag, signal_tag;
    struct epoll_event ev = { .events = EPOLLIN, .data.ptr = &listener_tag };
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, listener, &ev);
    ev.data.ptr = &signal_tag;
    epoll_ctl(g_epoll, EPOLL_CTL_ADD, sfd, &ev);

    printf("listening %d\n", ntohs(addr.sin_port));
    fflush(stdout);

    struct epoll_event events[MAX_EVENTS];
    for (;;) {
        int n = epoll_wait(g_epoll, events, MAX_EVENTS, -1);
        if (n < 0 && errno == EINTR)
            continue;
        for (int i = 0; i < n; ++i) {
            void* tag = events[i].data.ptr;
            if (tag == &listener_tag) {
                accept_all(listener);
            } else if (tag == &signal_tag) {
                return 0; /* SIGTERM/SIGINT: the kernel closes every socket */
            } else {
                struct conn* c = tag;
                if (c->fd >= 0 && (events[i].events & (EPOLLIN | EPOLLERR | EPOLLHUP)))
                    on_readable(c);
                if (c->fd >= 0 && (events[i].events & EPOLLOUT))
                    mark_dirty(c);
            }
        }
        flush_all();
    }
}
