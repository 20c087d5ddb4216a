#pragma once

#include <QByteArray>
#include <QList>
#include <QObject>
#include <QPair>
#include <QTcpServer>
#include <QUrl>

/// A scriptable LLM server for tests: listens on 127.0.0.1 (a free port) and answers every HTTP
/// request with the configured response, sent with chunked transfer encoding in writes of a chosen
/// size, yielding to the event loop between writes. It records the requests it got and notices
/// when a client hangs up early.
///
///     FakeUpstream up;
///     up.serveFile(fixturePath, 7);
///     config.baseUrl = up.baseUrl(); // http://127.0.0.1:PORT/v1
class FakeUpstream : public QObject
{
    Q_OBJECT
public:
    /// Write sizes with a special meaning.
    static constexpr int Whole = 0; ///< the whole body in one write
    static constexpr int PerSseEvent = -1; ///< one write per SSE event (up to a blank line)
    static constexpr int PerLine = -2; ///< one write per line (one NDJSON object)

    struct Response
    {
        int status = 200;
        QByteArray contentType = "text/event-stream";
        QList<QPair<QByteArray, QByteArray>> headers; ///< extra headers, e.g. Retry-After
        QByteArray body;
        int writeSize = Whole; ///< bytes per write, or Whole / PerSseEvent
        int writeIntervalMs = 0; ///< pause between writes (0 = just yield to the event loop)
        qsizetype truncateAfter = -1; ///< >= 0: close the connection after this many body bytes
        /// >= 0: after this many body bytes go silent but keep the connection open (timeouts)
        qsizetype stallAfter = -1;
        bool silentAfterHeaders = false; ///< the same as stallAfter = 0
        /// Read the request, then close the connection without any answer (a server restarting).
        bool closeWithoutAnswer = false;
        /// Read the request, then wait for release() before answering (to order events in a test).
        bool heldUntilReleased = false;
    };

    struct Request
    {
        QByteArray method;
        QByteArray path;
        QList<QPair<QByteArray, QByteArray>> headers;
        QByteArray body;
        /// The value of header `name` (case-insensitive); empty if absent.
        QByteArray header(const QByteArray& name) const;
    };

    explicit FakeUpstream(QObject* parent = nullptr);

    bool isListening() const { return m_server.isListening(); }
    quint16 port() const { return m_server.serverPort(); }
    /// http://127.0.0.1:PORT/v1 — what a provider's base URL should be.
    QUrl baseUrl() const;

    /// Answers every following request with `response`.
    void serve(const Response& response);
    /// Answers the next request with `response`, before falling back to serve()'s; queued
    /// responses are used in order (e.g. a 429, then a stream).
    void enqueue(const Response& response);
    /// Answers with the file at `path` (.sse as text/event-stream, .ndjson as
    /// application/x-ndjson, .json as application/json), status 200.
    void serveFile(const QString& path, int writeSize = Whole);
    /// The response serveFile() would use.
    static Response responseFromFile(const QString& path, int writeSize = Whole);

    QList<Request> requests() const { return m_requests; }
    /// How many clients closed their connection before the response was complete.
    int earlyCloses() const { return m_earlyCloses; }
    /// How many client connections are open right now.
    int openConnections() const { return m_openConnections; }
    /// The most client connections that were open at the same time.
    int maxOpenConnections() const { return m_maxOpenConnections; }
    /// Response bytes (head and body, all connections) the network took so far: what a client
    /// that stops reading lets through before TCP flow control stops the writes.
    qint64 bytesSent() const { return m_bytesSent; }
    /// Lets responses with heldUntilReleased go (those waiting and those to come).
    void release();

Q_SIGNALS:
    /// release() was called.
    void released();
    void requestReceived(const FakeUpstream::Request& request);
    /// A client hung up before the whole response was sent (e.g. it aborted).
    void clientClosedEarly();
    /// A response was sent completely (or truncated as configured).
    void responseFinished();

private:
    void onNewConnection();
    void recordRequest(const Request& request);
    void closedEarly();
    void connectionClosed();

    QTcpServer m_server;
    Response m_response;
    QList<Response> m_queue;
    QList<Request> m_requests;
    int m_earlyCloses = 0;
    int m_openConnections = 0;
    int m_maxOpenConnections = 0;
    qint64 m_bytesSent = 0;
    bool m_released = false;

    friend class FakeUpstreamConnection;
};
