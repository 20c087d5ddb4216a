#pragma once

#include "app/serverconfig.h"

#include <QString>
#include <QStringList>

namespace palaver::server {

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
        Help,
        Version,
        Error
    };
    Action action = Action::Serve;
    ServerConfig config;
    QString userName; ///< for the user and token commands
    bool passwordFromStdin = false;
    QString configFile; ///< the file that was read, if any
    QString helpText;
    QString error; ///< for Action::Error

    /// Parses `arguments` (argv including the program name). `environment` supplies the API key
    /// variables so tests need not touch the real environment.
    static CommandLine parse(const QStringList& arguments, const QStringList& environment);
    /// True for the user and token commands (they work on the store, without serving).
    bool isAdminCommand() const;
};

} // namespace palaver::server
