#include "app/admincommandline.h"

#include "app/announcecommand.h"
#include "app/commandline.h"
#include "app/serveroptions.h"

#include <QCommandLineParser>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;
using Action = CommandLine::Action;

QString parseAdminCommand(
    const QCommandLineParser& parser, const ServerOptions& options, CommandLine* result)
{
    const QStringList positional = parser.positionalArguments();
    result->passwordFromStdin = parser.isSet(options.passwordStdin);
    if (positional.isEmpty())
        return {};
    const QString group = positional.first();
    const QString sub = positional.value(1);
    const bool named = positional.size() == 3;
    if (named)
        result->userName = positional[2];
    const auto needsPassword = [&](Action action) {
        if (!result->passwordFromStdin)
            return u"user %1 needs --password-stdin (passwords never go on the command "
                   "line)"_s.arg(sub);
        result->action = action;
        return QString();
    };
    if (group == "user"_L1) {
        if (sub == "list"_L1 && positional.size() == 2)
            result->action = Action::UserList;
        else if (sub == "add"_L1 && named)
            return needsPassword(Action::UserAdd);
        else if (sub == "reset-password"_L1 && named)
            return needsPassword(Action::UserResetPassword);
        else if (sub == "remove"_L1 && named)
            result->action = Action::UserRemove;
        else if (sub == "disable"_L1 && named)
            result->action = Action::UserDisable;
        else if (sub == "unlock"_L1 && named)
            result->action = Action::UserUnlock;
        else if (sub == "enable"_L1 && named)
            result->action = Action::UserEnable;
        else
            return u"Usage: palaver-server user add NAME --password-stdin | user list | "
                   "user disable NAME | user enable NAME | user reset-password NAME "
                   "--password-stdin | user remove NAME | user unlock NAME"_s;
    } else if (group == "token"_L1) {
        if (sub == "revoke"_L1 && named)
            result->action = Action::TokenRevoke;
        else if (sub == "list"_L1 && named)
            result->action = Action::TokenList;
        else
            return u"Usage: palaver-server token revoke NAME | token list NAME"_s;
    } else if (group == "announce"_L1) {
        const auto optional = [&parser](const QCommandLineOption& option) {
            return parser.isSet(option) ? std::optional<QString>(parser.value(option))
                                        : std::nullopt;
        };
        if (const QString error = parseAnnounceCommand(positional, optional(options.announceLevel),
                optional(options.announceExpires), result);
            !error.isEmpty())
            return error;
    } else if (group == "bench-seed"_L1) {
        bool ok = false;
        const int users = parser.value(options.seedUsers).toInt(&ok);
        bool roomsOk = true;
        const int rooms
            = parser.isSet(options.seedRooms) ? parser.value(options.seedRooms).toInt(&roomsOk) : 1;
        // Every room needs an owner among the users; rooms without a title make no sense.
        roomsOk = roomsOk && rooms >= 1 && rooms <= users
            && (rooms == 1 || !parser.value(options.seedRoom).isEmpty());
        if (positional.size() != 1 || !ok || users < 1 || users > 10000000 || !roomsOk
            || parser.value(options.seedPrefix).isEmpty()
            || parser.value(options.seedTokensOut).isEmpty())
            return u"Usage: palaver-server bench-seed --users N --prefix P "
                   "[--room TITLE [--rooms R]] --tokens-out FILE (R from 1 to N)"_s;
        result->action = Action::BenchSeed;
        result->benchSeed = { users, parser.value(options.seedPrefix),
            parser.value(options.seedRoom), parser.value(options.seedTokensOut), rooms };
    } else {
        return u"Unknown command '%1' (try --help)"_s.arg(group);
    }
    return {};
}

} // namespace palaver::server
