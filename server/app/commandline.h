#pragma once

#include "app/serverconfig.h"
#include "protocol/enums.h"

#include <QDateTime>
#include <QString>
#include <QStringList>

#include <optional>

namespace palaver::server {

/// Parses HOST:PORT (IPv6 as [::1]:PORT, `localhost` as 127.0.0.1); false on anything else.
bool parseHostPort(const QString& text, QHostAddress* address, quint16* port);

/// What palaver-server was asked to do, parsed from its command line and config file.
struct CommandLine
{
    enum class Action {
        Serve,
        UserAdd,
        UserList,
        UserRemove,
        UserDisable,
        UserEnable,
        UserResetPassword,
        UserUnlock,
        TokenRevoke,
        TokenList,
        AnnounceAdd,
        AnnounceList,
        AnnounceWithdraw,
        BenchSeed,
        Help,
        Version,
        Error
    };
    Action action = Action::Serve;
    ServerConfig config;
    QString userName; ///< for the user and token commands
    bool passwordFromStdin = false;
    /// For `announce`: the text (or the id to withdraw), its level and when it expires
    /// (invalid: until withdrawn).
    QString announcement;
    protocol::AnnouncementLevel announcementLevel = protocol::AnnouncementLevel::Info;
    QDateTime announcementExpires;
    /// For `bench-seed` (benchmarks only): how many users, their name prefix, the rooms' title
    /// (empty: no room), where the tokens go and how many rooms.
    struct BenchSeedOptions
    {
        int users = 0;
        QString prefix;
        QString room;
        QString tokensOut;
        int rooms = 1;
    } benchSeed;
    QString configFile; ///< the file that was read, if any
    QString helpText;
    QString error; ///< for Action::Error

    /// Parses `arguments` (argv including the program name). `environment` supplies the API key
    /// variables so tests need not touch the real environment.
    static CommandLine parse(const QStringList& arguments, const QStringList& environment);
    /// True for the user, token and announce commands (they work on the store, without serving).
    bool isAdminCommand() const;
    bool isAnnounceCommand() const;
};

} // namespace palaver::server
