#include "net/httprequest.h"

#include <QByteArrayList>

namespace palaver::server {

namespace {

// RFC 9110 token: a header name is nothing else. No whitespace before the colon either (RFC 9112
// says to refuse it): an empty, blank or NUL-laden name used to be accepted (found by fuzzing).
bool isToken(const QByteArray& name)
{
    static constexpr QByteArrayView punctuation = "!#$%&'*+-.^_`|~";
    for (const char c : name) {
        const bool alnum
            = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
        if (!alnum && !punctuation.contains(c))
            return false;
    }
    return true;
}

} // namespace

QByteArray HttpRequestHead::header(const QByteArray& lowerName) const
{
    QByteArrayList values;
    for (const auto& [name, value] : headers) {
        if (name == lowerName)
            values.append(value);
    }
    return values.join(", ");
}

bool HttpRequestHead::hasHeader(const QByteArray& lowerName) const
{
    for (const auto& header : headers) {
        if (header.first == lowerName)
            return true;
    }
    return false;
}

HttpRequestHead::Parse HttpRequestHead::parse(
    const QByteArray& bytes, HttpRequestHead* head, qsizetype maxBytes)
{
    const qsizetype end = bytes.indexOf("\r\n\r\n");
    if (end < 0) {
        // A request line that is clearly not HTTP need not wait for more bytes. A head of up to
        // maxBytes may still be ended by the "\r\n\r\n" of the next read (found by fuzzing: the
        // verdict depended on where the reads were cut), so only maxBytes + 4 bytes without one
        // are too many.
        const qsizetype lineEnd = bytes.indexOf("\r\n");
        if (bytes.size() >= maxBytes + 4
            || (lineEnd >= 0 && !bytes.left(lineEnd).contains(" HTTP/")))
            return Parse::Invalid;
        return Parse::Incomplete;
    }
    if (end > maxBytes)
        return Parse::Invalid;
    const QByteArrayList lines = bytes.left(end).split('\n');
    const QByteArrayList requestLine = lines.first().trimmed().split(' ');
    if (requestLine.size() != 3 || !requestLine[2].startsWith("HTTP/1."))
        return Parse::Invalid;
    head->method = requestLine[0];
    QByteArray target = requestLine[1];
    const qsizetype query = target.indexOf('?');
    head->path = query >= 0 ? target.left(query) : target;
    head->headers.clear();
    for (qsizetype i = 1; i < lines.size(); ++i) {
        const QByteArray& line = lines[i];
        const qsizetype colon = line.indexOf(':');
        const QByteArray name = line.left(colon);
        if (colon <= 0 || !isToken(name))
            return Parse::Invalid;
        head->headers.append({ name.toLower(), line.mid(colon + 1).trimmed() });
    }
    return Parse::Complete;
}

Route routeFor(const HttpRequestHead& head, const QByteArray& subprotocol)
{
    if (head.path == "/healthz")
        return head.method == "GET" ? Route::Health : Route::MethodNotAllowed;
    if (head.path == "/v1/info")
        return head.method == "GET" ? Route::Info : Route::MethodNotAllowed;
    if (head.path == "/metrics")
        return head.method == "GET" ? Route::Metrics : Route::MethodNotAllowed;
    if (head.path != "/v1/ws")
        return Route::NotFound;
    if (head.method != "GET")
        return Route::MethodNotAllowed;
    if (head.header("upgrade").toLower() != "websocket")
        return Route::UpgradeRequired;
    if (head.hasHeader("sec-websocket-protocol")) {
        const QByteArrayList offered = head.header("sec-websocket-protocol").split(',');
        bool ours = false;
        for (const QByteArray& name : offered)
            ours = ours || name.trimmed() == subprotocol;
        if (!ours)
            return Route::BadSubprotocol;
    }
    return Route::WebSocket;
}

QByteArray httpResponse(int status, const QByteArray& reason, const QByteArray& body,
    const QByteArray& contentType, const QByteArray& extraHeaders)
{
    QByteArray out = "HTTP/1.1 " + QByteArray::number(status) + ' ' + reason + "\r\n";
    out += "Content-Type: " + contentType + "\r\n";
    out += extraHeaders;
    out += "Content-Length: " + QByteArray::number(body.size()) + "\r\n";
    out += "Cache-Control: no-store\r\nConnection: close\r\n\r\n";
    out += body;
    return out;
}

} // namespace palaver::server
