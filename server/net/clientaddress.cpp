#include "net/clientaddress.h"

#include <QStringList>

namespace palaver::server {

namespace {

bool isTrusted(const QHostAddress& address, const QList<QPair<QHostAddress, int>>& trusted)
{
    for (const auto& subnet : trusted) {
        if (address.isInSubnet(subnet))
            return true;
    }
    return false;
}

/// One address as proxies write it: "1.2.3.4", "1.2.3.4:567", "[::1]", "[::1]:567", "::1",
/// with optional quotes (Forwarded). Null when it is not an address ("unknown", "_hidden").
QHostAddress parseNode(QByteArray node)
{
    node = node.trimmed();
    if (node.size() >= 2 && node.startsWith('"') && node.endsWith('"'))
        node = node.mid(1, node.size() - 2).trimmed();
    if (node.startsWith('[')) {
        const qsizetype close = node.indexOf(']');
        if (close < 0)
            return {};
        node = node.mid(1, close - 1);
    } else if (node.count(':') == 1) {
        node = node.left(node.indexOf(':')); // IPv4 with a port
    }
    QHostAddress address;
    if (!address.setAddress(QString::fromLatin1(node)))
        return {};
    // An IPv4-mapped IPv6 address is the IPv4 client it stands for.
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    return isV4 ? QHostAddress(v4) : address;
}

/// The chain of client addresses a proxy recorded, leftmost (original client) first.
QList<QByteArray> forwardedChain(const HttpRequestHead& head)
{
    QList<QByteArray> chain;
    if (head.hasHeader("forwarded")) {
        // Forwarded: for=192.0.2.60;proto=http;by=203.0.113.43, for="[2001:db8::1]"
        for (const QByteArray& element : head.header("forwarded").split(',')) {
            for (const QByteArray& pair : element.split(';')) {
                const QByteArray trimmed = pair.trimmed();
                if (trimmed.size() > 4 && trimmed.left(4).toLower() == "for=")
                    chain.append(trimmed.mid(4));
            }
        }
        return chain;
    }
    for (const QByteArray& node : head.header("x-forwarded-for").split(',')) {
        if (!node.trimmed().isEmpty())
            chain.append(node);
    }
    return chain;
}

} // namespace

QHostAddress clientAddress(const QHostAddress& peer, const HttpRequestHead& head,
    const QList<QPair<QHostAddress, int>>& trustedProxies)
{
    bool isV4 = false;
    const quint32 v4 = peer.toIPv4Address(&isV4);
    QHostAddress client = isV4 ? QHostAddress(v4) : peer;
    if (!isTrusted(client, trustedProxies))
        return client;
    const QList<QByteArray> chain = forwardedChain(head);
    for (auto it = chain.crbegin(); it != chain.crend(); ++it) {
        const QHostAddress hop = parseNode(*it);
        if (hop.isNull())
            return client; // an obfuscated hop: the last address we could read stands
        client = hop;
        if (!isTrusted(hop, trustedProxies))
            return hop;
    }
    return client;
}

bool originAllowed(const HttpRequestHead& head, const QStringList& allowedOrigins)
{
    if (!head.hasHeader("origin"))
        return true;
    QString origin = QString::fromLatin1(head.header("origin")).trimmed().toLower();
    while (origin.endsWith(u'/'))
        origin.chop(1);
    return allowedOrigins.contains(origin);
}

} // namespace palaver::server
