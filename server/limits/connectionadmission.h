#pragma once

#include "limits/serverlimits.h"

#include <QHash>
#include <QHostAddress>
#include <QMutex>
#include <QString>

namespace palaver::server {

/// Counts open connections in total, per client address (before and after sign-in) and per
/// signed-in user, for every worker thread at once, and says whether one more may come in.
class ConnectionAdmission
{
public:
    enum class Verdict { Admitted, ServerFull, AddressFull, TooManyUnauthenticated, UserFull };

    explicit ConnectionAdmission(const ConnectionLimits& limits);

    /// A TCP connection was accepted (before its request head is read): counts towards the total
    /// and, until headDone(), towards `address`'s unauthenticated connections (a null address,
    /// for a trusted proxy's connections: the total only).
    Verdict acceptSocket(const QHostAddress& address = {});
    /// Its request head was read (or it closed before): no longer pending for its address.
    void headDone(const QHostAddress& address);
    void socketClosed();
    /// The socket becomes a WebSocket session from `address` that has not signed in.
    Verdict admitSession(const QHostAddress& address);
    /// The session signed in as `userId`; UserFull when the user has as many as allowed (the
    /// session then stays counted as unauthenticated until it is closed).
    Verdict signIn(const QHostAddress& address, const QString& userId);
    /// The session signs in again as someone else: it counts as unauthenticated meanwhile.
    void signOut(const QHostAddress& address, const QString& userId);
    /// The session is gone (call once, after socketClosed()'s counterpart is no longer needed).
    void sessionClosed(const QHostAddress& address, const QString& userId);

    int connections() const;
    int connectionsFrom(const QHostAddress& address) const;
    int sessionsOf(const QString& userId) const;

private:
    struct PerAddress
    {
        int open = 0;
        int unauthenticated = 0;
    };
    const ConnectionLimits m_limits;
    mutable QMutex m_mutex;
    int m_sockets = 0;
    QHash<QHostAddress, PerAddress> m_addresses;
    QHash<QHostAddress, int> m_pendingHeads;
    QHash<QString, int> m_users;
};

/// A readable reason for a verdict other than Admitted.
QString describe(ConnectionAdmission::Verdict verdict);

} // namespace palaver::server
