#include "fakeupstream.h"

#include <QFile>
#include <QFileInfo>
#include <QTcpSocket>
#include <QTimer>

using namespace Qt::Literals::StringLiterals;

namespace {

QByteArray reasonPhrase(int status)
{
    switch (status) {
    case 200:
        return "OK";
    case 302:
        return "Found";
    case 400:
        return "Bad Request";
    case 401:
        return "Unauthorized";
    case 403:
        return "Forbidden";
    case 404:
        return "Not Found";
    case 429:
        return "Too Many Requests";
    case 500:
        return "Internal Server Error";
    case 502:
        return "Bad Gateway";
    case 503:
        return "Service Unavailable";
    case 529:
        return "Overloaded";
    default:
        return "Status";
    }
}

QList<QByteArray> splitBody(const QByteArray& body, int writeSize)
{
    QList<QByteArray> pieces;
    if (body.isEmpty())
        return pieces;
    if (writeSize == FakeUpstream::Whole) {
        pieces.append(body);
    } else if (writeSize == FakeUpstream::PerSseEvent) {
        qsizetype start = 0;
        while (start < body.size()) {
            qsizetype end = body.indexOf("\n\n", start);
            end = end < 0 ? body.size() : end + 2;
            pieces.append(body.mid(start, end - start));
            start = end;
        }
    } else if (writeSize == FakeUpstream::PerLine) {
        qsizetype start = 0;
        while (start < body.size()) {
            qsizetype end = body.indexOf('\n', start);
            end = end < 0 ? body.size() : end + 1;
            pieces.append(body.mid(start, end - start));
            start = end;
        }
    } else {
        for (qsizetype start = 0; start < body.size(); start += writeSize)
            pieces.append(body.mid(start, writeSize));
    }
    return pieces;
}

} // namespace

/// One accepted connection: reads one request, then plays the response back.
class FakeUpstreamConnection : public QObject
{
public:
    FakeUpstreamConnection(
        QTcpSocket* socket, const FakeUpstream::Response& response, FakeUpstream* upstream)
        : QObject(upstream)
        , m_socket(socket)
        , m_response(response)
        , m_upstream(upstream)
    {
        socket->setParent(this);
        // Without it Nagle's algorithm and delayed ACKs hold each small write back ~40 ms.
        socket->setSocketOption(QAbstractSocket::LowDelayOption, 1);
        connect(socket, &QTcpSocket::readyRead, this, &FakeUpstreamConnection::onReadyRead);
        connect(socket, &QTcpSocket::disconnected, this, &FakeUpstreamConnection::onDisconnected);
        connect(socket, &QTcpSocket::bytesWritten, this,
            [this](qint64 bytes) { m_upstream->m_bytesSent += bytes; });
        m_timer.setSingleShot(true);
        m_timer.setInterval(response.writeIntervalMs); // at least yield to the event loop
        connect(&m_timer, &QTimer::timeout, this, &FakeUpstreamConnection::writeNext);
    }

private:
    void onReadyRead()
    {
        if (m_requestDone) {
            m_socket->readAll();
            return;
        }
        m_buffer.append(m_socket->readAll());
        const qsizetype headerEnd = m_buffer.indexOf("\r\n\r\n");
        if (headerEnd < 0)
            return;
        const QList<QByteArray> lines = m_buffer.left(headerEnd).split('\n');
        FakeUpstream::Request request;
        const QList<QByteArray> requestLine = lines.value(0).trimmed().split(' ');
        request.method = requestLine.value(0);
        request.path = requestLine.value(1);
        for (qsizetype i = 1; i < lines.size(); ++i) {
            const QByteArray line = lines.at(i).trimmed();
            const qsizetype colon = line.indexOf(':');
            if (colon > 0)
                request.headers.append(
                    { line.left(colon).trimmed(), line.mid(colon + 1).trimmed() });
        }
        const qsizetype length = request.header("Content-Length").toLongLong();
        if (m_buffer.size() < headerEnd + 4 + length)
            return;
        request.body = m_buffer.mid(headerEnd + 4, length);
        m_requestDone = true;
        m_upstream->recordRequest(request);
        startResponse();
    }

    void startResponse()
    {
        if (m_response.heldUntilReleased && !m_upstream->m_released) {
            connect(m_upstream, &FakeUpstream::released, this,
                &FakeUpstreamConnection::startResponse, Qt::SingleShotConnection);
            return;
        }
        if (m_response.closeWithoutAnswer) {
            m_responseDone = true;
            m_socket->disconnectFromHost();
            Q_EMIT m_upstream->responseFinished();
            return;
        }
        QByteArray head = "HTTP/1.1 " + QByteArray::number(m_response.status) + ' '
            + reasonPhrase(m_response.status) + "\r\n";
        head += "Content-Type: " + m_response.contentType + "\r\n";
        for (const auto& [name, value] : std::as_const(m_response.headers))
            head += name + ": " + value + "\r\n";
        head += "Transfer-Encoding: chunked\r\nConnection: close\r\n\r\n";
        m_socket->write(head);
        if (m_response.silentAfterHeaders)
            return;
        QByteArray body = m_response.body;
        if (m_response.truncateAfter >= 0)
            body.truncate(m_response.truncateAfter);
        if (m_response.stallAfter >= 0) {
            body.truncate(m_response.stallAfter);
            m_stall = true;
        }
        m_pieces = splitBody(body, m_response.writeSize);
        m_timer.start();
    }

    void writeNext()
    {
        if (m_socket->state() != QAbstractSocket::ConnectedState)
            return;
        if (m_next < m_pieces.size()) {
            const QByteArray& piece = m_pieces.at(m_next++);
            m_socket->write(QByteArray::number(piece.size(), 16) + "\r\n" + piece + "\r\n");
            m_timer.start();
            return;
        }
        if (m_stall)
            return; // stay connected and say nothing more
        m_responseDone = true;
        if (m_response.truncateAfter >= 0) {
            // Cut off: no final zero-size chunk, as when a server dies mid-reply.
            m_socket->disconnectFromHost();
        } else {
            m_socket->write("0\r\n\r\n");
            m_socket->disconnectFromHost();
        }
        Q_EMIT m_upstream->responseFinished();
    }

    void onDisconnected()
    {
        m_timer.stop();
        m_upstream->connectionClosed();
        if (!m_responseDone && m_requestDone)
            m_upstream->closedEarly();
        deleteLater();
    }

    QTcpSocket* m_socket;
    FakeUpstream::Response m_response;
    FakeUpstream* m_upstream;
    QTimer m_timer;
    QByteArray m_buffer;
    QList<QByteArray> m_pieces;
    qsizetype m_next = 0;
    bool m_requestDone = false;
    bool m_responseDone = false;
    bool m_stall = false;
};

QByteArray FakeUpstream::Request::header(const QByteArray& name) const
{
    for (const auto& [key, value] : headers) {
        if (key.compare(name, Qt::CaseInsensitive) == 0)
            return value;
    }
    return {};
}

FakeUpstream::FakeUpstream(QObject* parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, &FakeUpstream::onNewConnection);
    if (!m_server.listen(QHostAddress::LocalHost, 0))
        qWarning("FakeUpstream cannot listen: %s", qPrintable(m_server.errorString()));
}

QUrl FakeUpstream::baseUrl() const
{
    return QUrl(u"http://127.0.0.1:%1/v1"_s.arg(port()));
}

void FakeUpstream::serve(const Response& response)
{
    m_response = response;
}

FakeUpstream::Response FakeUpstream::responseFromFile(const QString& path, int writeSize)
{
    Response response;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        qWarning("FakeUpstream cannot read %s", qPrintable(path));
    response.body = file.readAll();
    const QString suffix = QFileInfo(path).suffix();
    if (suffix == "ndjson"_L1)
        response.contentType = "application/x-ndjson";
    else if (suffix == "json"_L1)
        response.contentType = "application/json";
    else
        response.contentType = "text/event-stream";
    response.writeSize = writeSize;
    return response;
}

void FakeUpstream::serveFile(const QString& path, int writeSize)
{
    serve(responseFromFile(path, writeSize));
}

void FakeUpstream::release()
{
    m_released = true;
    Q_EMIT released();
}

void FakeUpstream::enqueue(const Response& response)
{
    m_queue.append(response);
}

void FakeUpstream::onNewConnection()
{
    // Every response closes its connection, so one connection carries one request.
    while (QTcpSocket* socket = m_server.nextPendingConnection()) {
        m_maxOpenConnections = std::max(m_maxOpenConnections, ++m_openConnections);
        new FakeUpstreamConnection(
            socket, m_queue.isEmpty() ? m_response : m_queue.takeFirst(), this);
    }
}

void FakeUpstream::recordRequest(const Request& request)
{
    m_requests.append(request);
    Q_EMIT requestReceived(request);
}

void FakeUpstream::connectionClosed()
{
    --m_openConnections;
}

void FakeUpstream::closedEarly()
{
    ++m_earlyCloses;
    Q_EMIT clientClosedEarly();
}
