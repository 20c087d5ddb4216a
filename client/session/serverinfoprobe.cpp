#include "session/serverinfoprobe.h"

#include "net/plainserver.h"
#include "net/tlstrust.h"
#include "protocol/codec.h"
#include "session/serverurl.h"

#include <QNetworkReply>
#include <QNetworkRequest>
#include <QSslCipher>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

QAbstractSocket::SocketError socketErrorOf(QNetworkReply::NetworkError error)
{
    switch (error) {
    case QNetworkReply::SslHandshakeFailedError:
        return QAbstractSocket::SslHandshakeFailedError;
    case QNetworkReply::RemoteHostClosedError:
        return QAbstractSocket::RemoteHostClosedError;
    default:
        return QAbstractSocket::UnknownSocketError;
    }
}

} // namespace

ServerInfoProbe::ServerInfoProbe(QObject* parent)
    : QObject(parent)
{ }

std::optional<QUrl> ServerInfoProbe::infoUrl(const QString& serverUrl)
{
    const auto url = normaliseServerUrl(serverUrl);
    return url ? std::optional<QUrl>(infoUrl(*url)) : std::nullopt;
}

QUrl ServerInfoProbe::infoUrl(QUrl url)
{
    url.setScheme(url.scheme() == u"wss"_s ? u"https"_s : u"http"_s);
    // Behind a reverse proxy the WebSocket may live under a prefix: keep it.
    QString path = url.path();
    if (path.endsWith(u"/v1/ws"_s))
        path.chop(2);
    else
        path = u"/v1/"_s;
    url.setPath(path + u"info"_s);
    url.setQuery(QString());
    url.setFragment(QString());
    return url;
}

void ServerInfoProbe::check(const QString& serverUrl)
{
    const auto address = parseServerAddress(serverUrl);
    check(address ? connectCandidates(*address) : QList<QUrl>());
}

void ServerInfoProbe::check(const QList<QUrl>& candidates)
{
    cancel();
    m_candidates = candidates;
    m_candidate = 0;
    if (m_candidates.isEmpty()) {
        Q_EMIT finished(false, false);
        return;
    }
    ask();
}

void ServerInfoProbe::cancel()
{
    if (!m_reply)
        return;
    m_reply->disconnect(this);
    m_reply->abort();
    m_reply->deleteLater();
    m_reply = nullptr;
}

void ServerInfoProbe::ask()
{
    m_certificateProblem = CertificateProblem();
    const QUrl target = m_candidates.at(m_candidate);
    QNetworkRequest request(infoUrl(target));
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    if (target.scheme() == u"wss"_s)
        request.setSslConfiguration(
            m_trust ? m_trust->configuration() : QSslConfiguration::defaultConfiguration());
    QNetworkReply* reply = m_network.get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::sslErrors, this,
        [this, reply, target](const QList<QSslError>& errors) {
            const QSslCertificate peer = reply->sslConfiguration().peerCertificate();
            const QString endpoint = TlsTrust::endpointOf(target);
            if (m_trust && m_trust->isPinned(endpoint, peer))
                reply->ignoreSslErrors(errors); // exactly these, of the certificate pinned here
            else
                m_certificateProblem = { endpoint, peer, errors };
        });
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void ServerInfoProbe::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const bool tls = !reply->sslConfiguration().sessionCipher().isNull();
    const bool another = m_candidate + 1 < m_candidates.size()
        && m_candidates.at(m_candidate).scheme() == u"wss"_s;
    if (another
        && isPlainServerFailure(
            socketErrorOf(reply->error()), !m_certificateProblem.isNull(), tls)) {
        ++m_candidate;
        ask();
        return;
    }
    if (!m_certificateProblem.isNull())
        Q_EMIT certificateRejected(m_certificateProblem);
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        Q_EMIT finished(false, false);
        return;
    }
    const auto info = protocol::decodeServerInfo(reply->readAll());
    if (info)
        Q_EMIT reached(m_candidates.at(m_candidate));
    Q_EMIT finished(info.has_value(), info && info->registrationOpen);
}

} // namespace palaver::client
