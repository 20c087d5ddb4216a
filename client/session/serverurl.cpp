#include "session/serverurl.h"

#include <QCoreApplication>
#include <QHostAddress>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {

QUrl withScheme(QUrl url, const QString& scheme)
{
    url.setScheme(scheme);
    return url;
}

} // namespace

std::optional<ServerAddress> parseServerAddress(const QString& input)
{
    QString text = input.trimmed();
    if (text.isEmpty())
        return std::nullopt;
    ServerAddress address;
    address.schemeGiven = text.contains(u"://"_s);
    if (!address.schemeGiven)
        text.prepend(u"wss://"_s);
    QUrl url(text, QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty())
        return std::nullopt;
    const QString scheme = url.scheme().toLower();
    if (scheme == u"http"_s)
        url.setScheme(u"ws"_s);
    else if (scheme == u"https"_s)
        url.setScheme(u"wss"_s);
    else if (scheme != u"ws"_s && scheme != u"wss"_s)
        return std::nullopt;
    if (!address.schemeGiven && isLoopbackHost(url.host()))
        url.setScheme(u"ws"_s);
    if (url.path().isEmpty() || url.path() == u"/"_s)
        url.setPath(u"/v1/ws"_s);
    address.url = url;
    return address;
}

std::optional<QUrl> normaliseServerUrl(const QString& input)
{
    const auto address = parseServerAddress(input);
    return address ? std::optional<QUrl>(address->url) : std::nullopt;
}

bool isLoopbackHost(const QString& host)
{
    const QString name = host.toLower();
    if (name == u"localhost"_s || name.endsWith(u".localhost"_s))
        return true;
    QHostAddress ip(name);
    if (ip.isNull())
        return false;
    bool mapped = false;
    const QHostAddress v4(ip.toIPv4Address(&mapped));
    return ip.isLoopback() || (mapped && v4.isLoopback());
}

bool isUnencryptedRemote(const QUrl& url)
{
    return url.scheme() == u"ws"_s && !isLoopbackHost(url.host());
}

QString unencryptedWarning(const QUrl& url)
{
    if (!isUnencryptedRemote(url))
        return {};
    const QString where = url.port() < 0 ? url.host() : u"%1:%2"_s.arg(url.host()).arg(url.port());
    return QCoreApplication::translate("palaver::client::ServerAddress",
        "Not encrypted: %1 does not use TLS, so your password and messages can be read and "
        "changed by anyone on the way. Use wss:// if the server offers it.")
        .arg(where);
}

QString addressKey(const QUrl& url)
{
    const int port = url.port();
    return url.host().toLower() + u':' + (port < 0 ? QString() : QString::number(port));
}

QList<QUrl> connectCandidates(const ServerAddress& address, const QString& rememberedScheme)
{
    if (address.schemeGiven)
        return { address.url };
    if (rememberedScheme == u"wss"_s)
        return { withScheme(address.url, u"wss"_s) };
    if (isLoopbackHost(address.url.host()))
        return { withScheme(address.url, u"ws"_s) };
    return { withScheme(address.url, u"wss"_s), withScheme(address.url, u"ws"_s) };
}

QString accountServerName(const QString& serverUrl)
{
    QUrl url(serverUrl);
    if (url.scheme() == u"wss"_s)
        url.setScheme(u"ws"_s);
    return url.toString();
}

} // namespace palaver::client
