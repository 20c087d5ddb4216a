#include "net/metricslistener.h"

#include "net/httprequest.h"
#include "net/worker.h"

#include <QTcpSocket>
#include <QTimer>

namespace palaver::server {

namespace {
constexpr qsizetype maxHeadBytes = 8192;
} // namespace

MetricsListener::MetricsListener(
    Hub* hub, const SharedLimits& shared, MetricsAccess access, QObject* parent)
    : QTcpServer(parent)
    , m_hub(hub)
    , m_shared(shared)
    , m_access(std::move(access))
{ }

void MetricsListener::incomingConnection(qintptr descriptor)
{
    auto* socket = new QTcpSocket(this);
    if (!socket->setSocketDescriptor(descriptor)) {
        delete socket;
        return;
    }
    connect(socket, &QTcpSocket::disconnected, socket, &QObject::deleteLater);
    if (m_open >= maxOpen) {
        socket->write(httpResponse(503, "Service Unavailable", "busy\n"));
        socket->disconnectFromHost();
        return;
    }
    ++m_open;
    connect(socket, &QObject::destroyed, this, [this] { --m_open; });
    auto* deadline = new QTimer(socket);
    deadline->setSingleShot(true);
    connect(deadline, &QTimer::timeout, socket, [socket] { socket->abort(); });
    deadline->start(Worker::headTimeoutMs);
    connect(socket, &QTcpSocket::readyRead, this, [this, socket] { answer(socket); });
}

void MetricsListener::answer(QTcpSocket* socket)
{
    HttpRequestHead head;
    switch (HttpRequestHead::parse(socket->peek(maxHeadBytes + 4), &head, maxHeadBytes)) {
    case HttpRequestHead::Parse::Incomplete:
        return;
    case HttpRequestHead::Parse::Invalid:
        socket->write(httpResponse(400, "Bad Request", "malformed request\n"));
        break;
    case HttpRequestHead::Parse::Complete:
        switch (routeFor(head, QByteArray())) {
        case Route::Metrics:
            socket->write(
                metricsResponse(m_hub, m_shared, m_access, head, socket->peerAddress(), true));
            break;
        case Route::Health:
            socket->write(httpResponse(200, "OK", "ok"));
            break;
        default:
            socket->write(httpResponse(404, "Not Found", "not found\n"));
            break;
        }
        break;
    }
    disconnect(socket, &QTcpSocket::readyRead, this, nullptr);
    socket->disconnectFromHost();
}

} // namespace palaver::server
