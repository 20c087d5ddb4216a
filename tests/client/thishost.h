#pragma once

// This machine under its own name: a host name that is not loopback by its spelling (so the
// client treats it as remote) but reaches a server in the test. Empty when it does not resolve.

#include "session/serverurl.h"

#include <QHostAddress>
#include <QHostInfo>

namespace palaver::test {

struct ThisHost
{
    QString name;
    QHostAddress address; ///< IPv4, to listen on
};

inline ThisHost thisHost()
{
    const QString name = QHostInfo::localHostName();
    if (name.isEmpty() || client::isLoopbackHost(name))
        return {};
    for (const QHostAddress& address : QHostInfo::fromName(name).addresses()) {
        if (address.protocol() == QAbstractSocket::IPv4Protocol)
            return { name, address };
    }
    return {};
}

} // namespace palaver::test
