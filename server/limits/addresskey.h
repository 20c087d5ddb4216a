#pragma once

#include <QHostAddress>

namespace palaver::server {

/// The address per-address limits count against: an IPv4 address as it is (also when it comes
/// IPv4-mapped), an IPv6 address by its /64 network, since one subscriber usually holds a whole
/// /64 and could otherwise take a fresh address for every try.
inline QHostAddress addressKey(const QHostAddress& address)
{
    bool isV4 = false;
    const quint32 v4 = address.toIPv4Address(&isV4);
    if (isV4)
        return QHostAddress(v4);
    if (address.protocol() != QAbstractSocket::IPv6Protocol)
        return address;
    Q_IPV6ADDR bytes = address.toIPv6Address();
    for (int i = 8; i < 16; ++i)
        bytes[i] = 0;
    return QHostAddress(bytes);
}

} // namespace palaver::server
