#pragma once

#include <QHash>
#include <QList>
#include <QObject>
#include <QString>

#include <memory>
#include <vector>

class QNetworkAccessManager;
class QNetworkReply;
class QNetworkRequest;
class QUrl;

namespace palaver::server {

/// The HTTP connections to the model servers, shared by every reply started in one thread: a
/// few QNetworkAccessManagers, each new request going to the one with the fewest running.
///
/// Why a pool: Qt runs each manager's connections in a thread of its own, so one manager per
/// reply meant one thread per streaming reply (148 threads at 200 replies) and a manager and a
/// thread made and torn down for each one, on the hub's time. A fixed few managers bound the
/// threads (defaultManagerCount()) and keep idle keep-alive connections for the next reply.
///
/// Why it is not simply one manager: Qt opens at most 6 HTTP/1.1 connections per host and
/// manager and queues the rest, and a streaming reply holds its connection for its whole life,
/// so a 7th reply would wait (its first-byte timeout running) for one of the 6 to end.
/// - Qt 6.5+: each request asks for connectionsPerHost() connections per host
///   (QHttp1Configuration), from the server's cap on running replies (setMaxReplies).
/// - Qt 6.4 has no such setting. Qt keys its connections to a host by scheme, host, port, proxy
///   and the request's peer verify name; the last only matters to TLS. So for plain http:// each
///   further 6 replies to a host on one manager get a "lane", a peer verify name of their own,
///   and with it 6 connections of their own (tst_upstreampool checks that 50 replies stream at
///   once). For https:// the name is checked against the certificate and cannot be used: there a
///   manager runs 6 HTTP/1.1 replies per host at once, or as many as the server allows over
///   HTTP/2 (which Qt negotiates with every https server that offers it).
class UpstreamPool : public QObject
{
    Q_OBJECT
public:
    /// Connections Qt 6.4 opens per host and manager (QHttpNetworkConnection's fixed default).
    static constexpr int qtConnectionsPerHost = 6;

    /// min(cores, 4), at least 1: the HTTP threads share the cores with the hub and the network
    /// workers; more threads than cores would only take turns.
    static int defaultManagerCount();

    /// The pool of the calling thread, made on first use with defaultManagerCount() managers.
    /// The main thread's belongs to the QCoreApplication, another QThread's goes when it
    /// finishes.
    static UpstreamPool& forCurrentThread();

    explicit UpstreamPool(int managers, QObject* parent = nullptr);
    ~UpstreamPool() override;

    /// Sizes the connections per host for `maxReplies` replies at once (Qt 6.5+; see the class
    /// comment). Call before the first request: Qt keeps a host's connections as first made.
    void setMaxReplies(int maxReplies);
    /// Connections per host and manager asked of Qt 6.5+ (1 to 255, Qt's range).
    int connectionsPerHost() const { return m_connectionsPerHost; }

    /// POSTs `body` on the least loaded manager; the reply is the caller's to delete (its
    /// parent is the manager until then). It counts as running until it finishes or is deleted.
    QNetworkReply* post(QNetworkRequest request, const QByteArray& body);

    int managerCount() const { return int(m_managers.size()); }
    /// Requests started and not yet finished, on all managers.
    int running() const;

private:
    struct Manager
    {
        std::unique_ptr<QNetworkAccessManager> network;
        int running = 0;
        /// Qt 6.4, plain http: running replies per lane, by host (see the class comment).
        QHash<QString, QList<int>> lanes;
    };

    /// The lane of a new request to `url` on `manager`, or -1 when lanes do not apply.
    int takeLane(Manager& manager, const QUrl& url);
    void release(std::size_t manager, const QString& hostKey, int lane);

    std::vector<Manager> m_managers;
    int m_connectionsPerHost = 32;
    bool m_closing = false;
};

} // namespace palaver::server
