#pragma once

#include <QByteArray>
#include <QList>
#include <QPair>
#include <optional>

namespace palaver::server {

/// The head of an HTTP request as peeked off a fresh connection (request line and headers), and
/// the decision what the listener does with it.
struct HttpRequestHead
{
    QByteArray method;
    QByteArray path; ///< without the query string
    QList<QPair<QByteArray, QByteArray>> headers; ///< names lower-cased, values trimmed

    /// The header's value (several occurrences joined with ", "); empty when absent.
    QByteArray header(const QByteArray& lowerName) const;
    bool hasHeader(const QByteArray& lowerName) const;

    enum class Parse { Incomplete, Complete, Invalid };
    /// Parses bytes that may hold only part of the head; `maxBytes` bounds a head in the making.
    static Parse parse(const QByteArray& bytes, HttpRequestHead* head, qsizetype maxBytes = 8192);
};

/// What to do with a connection, decided from its request head alone.
enum class Route {
    Health, ///< GET /healthz → 200 "ok"
    Info, ///< GET /v1/info → 200 with the server's name, version and registrationOpen (JSON)
    Metrics, ///< GET /metrics → Prometheus text (when allowed: see MetricsAccess)
    WebSocket, ///< GET /v1/ws with a WebSocket upgrade we can serve
    NotFound, ///< anything else → 404
    UpgradeRequired, ///< /v1/ws without a WebSocket upgrade → 426
    BadSubprotocol, ///< offers subprotocols, none of them ours → 400
    MethodNotAllowed, ///< a known path with a method other than GET → 405
};

Route routeFor(const HttpRequestHead& head, const QByteArray& subprotocol);

/// A complete HTTP/1.1 answer that closes the connection; `extraHeaders` are whole lines, each
/// ending in "\r\n".
QByteArray httpResponse(int status, const QByteArray& reason, const QByteArray& body,
    const QByteArray& contentType = "text/plain; charset=utf-8",
    const QByteArray& extraHeaders = {});

} // namespace palaver::server
