#pragma once

#include <QLoggingCategory>

// The server's log categories. Each is on from info up by default; `[log] rules` (or
// QT_LOGGING_RULES) switches them, e.g. "palaver.net.info=false" or "palaver.*.debug=true".

/// Start, stop and the configuration summary ("palaver.server").
Q_DECLARE_LOGGING_CATEGORY(lcServer)
/// Connections opened and closed, TLS handshakes, dropped readers ("palaver.net").
Q_DECLARE_LOGGING_CATEGORY(lcNet)
/// Sign-ins, registrations, revoked tokens ("palaver.auth").
Q_DECLARE_LOGGING_CATEGORY(lcAuth)
/// The hub: slow requests, replies refused or interrupted, announcements ("palaver.chat").
Q_DECLARE_LOGGING_CATEGORY(lcChat)
/// The database ("palaver.store").
Q_DECLARE_LOGGING_CATEGORY(lcStore)
/// Limits hit, once per offender and interval ("palaver.limits").
Q_DECLARE_LOGGING_CATEGORY(lcLimits)
