#include "app/usercommand.h"

#include "app/commandline.h"
#include "store/database.h"
#include "store/privatefiles.h"
#include "store/signinfailurestore.h"
#include "store/userstore.h"

#include <QDir>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

int runUserCommand(const CommandLine& command, QTextStream& in, QTextStream& out, QTextStream& err)
{
    const QString dataDir = command.config.dataDir;
    QString dirError;
    if (!privatefiles::makePrivateDirectory(dataDir, &dirError)) {
        err << "palaver-server: " << dirError << Qt::endl;
        return 1;
    }
    Database db;
    if (!db.open(QDir(dataDir).filePath(Database::fileName()))) {
        err << "palaver-server: " << db.errorString() << Qt::endl;
        return 1;
    }
    UserStore users(db);
    QString error;
    switch (command.action) {
    case CommandLine::Action::UserAdd: {
        // The first line of standard input, without its line end, is the password.
        const QString password = in.readLine();
        if (!users.addUser(command.userName, password, &error)) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << "Added user " << command.userName << Qt::endl;
        return 0;
    }
    case CommandLine::Action::UserList:
        for (const StoredUser& user : users.users()) {
            out << user.name << '\t' << user.createdAt.toString(Qt::ISODate) << '\t'
                << (user.disabled ? "disabled" : "enabled") << Qt::endl;
        }
        return 0;
    case CommandLine::Action::UserDisable:
    case CommandLine::Action::UserEnable: {
        const bool disable = command.action == CommandLine::Action::UserDisable;
        if (!users.setDisabled(command.userName, disable, &error)) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << (disable ? "Disabled user " : "Enabled user ") << command.userName << Qt::endl;
        return 0;
    }
    case CommandLine::Action::UserResetPassword: {
        const QString password = in.readLine();
        if (!users.resetPassword(command.userName, password, &error)) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << "Set a new password for " << command.userName << " and revoked its sessions"
            << Qt::endl;
        return 0;
    }
    case CommandLine::Action::TokenRevoke: {
        const int revoked = users.revokeTokens(command.userName, &error);
        if (revoked < 0) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << "Revoked " << revoked << " token(s) of " << command.userName << Qt::endl;
        return 0;
    }
    case CommandLine::Action::TokenList: {
        const auto tokens = users.tokens(command.userName, &error);
        if (!tokens) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        for (const StoredToken& token : *tokens)
            out << token.hashPrefix << '\t' << token.expiresAt.toString(Qt::ISODate) << Qt::endl;
        return 0;
    }
    case CommandLine::Action::UserUnlock: {
        SignInFailureStore failures(db);
        if (!failures.clearByName(command.userName, &error)) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << "Cleared the failed sign-ins of " << command.userName << "; it may sign in at once"
            << Qt::endl;
        return 0;
    }
    case CommandLine::Action::UserRemove:
        if (!users.removeUser(command.userName, &error)) {
            err << "palaver-server: " << error << Qt::endl;
            return 1;
        }
        out << "Removed user " << command.userName << Qt::endl;
        return 0;
    default:
        err << "palaver-server: not a user command" << Qt::endl;
        return 2;
    }
}

} // namespace palaver::server
