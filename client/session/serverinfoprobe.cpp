#include "session/serverinfoprobe.h"

#include "protocol/codec.h"
#include "session/serverurl.h"

#include <QNetworkReply>
#include <QNetworkRequest>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

ServerInfoProbe::ServerInfoProbe(QObject* parent)
    : QObject(parent)
{ }

std::optional<QUrl> ServerInfoProbe::infoUrl(const QString& serverUrl)
{
    auto url = normaliseServerUrl(serverUrl);
    if (!url)
        return std::nullopt;
    url->setScheme(url->scheme() == u"wss"_s ? u"https"_s : u"http"_s);
    // Behind a reverse proxy the WebSocket may live under a prefix: keep it.
    QString path = url->path();
    if (path.endsWith(u"/v1/ws"_s))
        path.chop(2);
    else
        path = u"/v1/"_s;
    url->setPath(path + u"info"_s);
    url->setQuery(QString());
    url->setFragment(QString());
    return url;
}

void ServerInfoProbe::check(const QString& serverUrl)
{
    if (m_reply) {
        m_reply->disconnect(this);
        m_reply->abort();
        m_reply->deleteLater();
    }
    const auto url = infoUrl(serverUrl);
    if (!url) {
        Q_EMIT finished(false, false);
        return;
    }
    QNetworkRequest request(*url);
    request.setTransferTimeout(m_timeoutMs);
    request.setAttribute(
        QNetworkRequest::RedirectPolicyAttribute, QNetworkRequest::NoLessSafeRedirectPolicy);
    QNetworkReply* reply = m_network.get(request);
    m_reply = reply;
    connect(reply, &QNetworkReply::finished, this, [this, reply] { onFinished(reply); });
}

void ServerInfoProbe::onFinished(QNetworkReply* reply)
{
    reply->deleteLater();
    if (reply != m_reply)
        return;
    m_reply = nullptr;
    const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    if (reply->error() != QNetworkReply::NoError || status != 200) {
        Q_EMIT finished(false, false);
        return;
    }
    const auto info = protocol::decodeServerInfo(reply->readAll());
    Q_EMIT finished(info.has_value(), info && info->registrationOpen);
}

} // namespace palaver::client
