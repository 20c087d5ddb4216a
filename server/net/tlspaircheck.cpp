#include "net/tlspaircheck.h"

#include <QEventLoop>
#include <QSslServer>
#include <QSslSocket>
#include <QThread>
#include <QTimer>

namespace palaver::server::tlspaircheck {

using namespace Qt::Literals::StringLiterals;

namespace {

/// Both ends of the handshake, in one short-lived thread with its own event loop.
class CheckThread : public QThread
{
public:
    CheckThread(QSslConfiguration server, int timeoutMs)
        : m_server(std::move(server))
        , m_timeoutMs(timeoutMs)
    { }

    QString result;

protected:
    void run() override
    {
        QSslServer server;
        server.setSslConfiguration(m_server);
        if (!server.listen(QHostAddress::LocalHost, 0)) {
            result = u"cannot open a loopback port for the check: %1"_s.arg(server.errorString());
            return;
        }
        QSslSocket client;
        QSslConfiguration clientConfiguration = QSslConfiguration::defaultConfiguration();
        clientConfiguration.setPeerVerifyMode(QSslSocket::VerifyNone);
        client.setSslConfiguration(clientConfiguration);
        QEventLoop loop;
        QString serverError;
        QObject::connect(&server, &QSslServer::errorOccurred, &loop,
            [&serverError, &loop](QSslSocket* socket, QAbstractSocket::SocketError) {
                serverError = socket->errorString();
                loop.quit();
            });
        QObject::connect(&client, &QSslSocket::encrypted, &loop, &QEventLoop::quit);
        QObject::connect(&client, &QSslSocket::errorOccurred, &loop, &QEventLoop::quit);
        QTimer::singleShot(m_timeoutMs, &loop, &QEventLoop::quit);
        client.connectToHostEncrypted(u"127.0.0.1"_s, server.serverPort());
        loop.exec();
        if (client.isEncrypted()) {
            if (client.peerCertificate() != m_server.localCertificate())
                result = u"the handshake showed another certificate"_s;
            return;
        }
        if (!serverError.isEmpty())
            result = serverError;
        else if (client.error() != QAbstractSocket::UnknownSocketError)
            result = client.errorString();
        else
            result = u"the handshake did not finish within %1 ms"_s.arg(m_timeoutMs);
    }

private:
    const QSslConfiguration m_server;
    const int m_timeoutMs;
};

} // namespace

QString run(const QSslConfiguration& server, int timeoutMs)
{
    CheckThread thread(server, timeoutMs);
    thread.setObjectName(u"palaver-tls-check"_s);
    thread.start();
    thread.wait();
    return thread.result;
}

} // namespace palaver::server::tlspaircheck
