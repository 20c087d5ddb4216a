#include "app/benchseed.h"

#include "store/conversationstore.h"
#include "store/database.h"
#include "store/leaveblocks.h"
#include "store/memberstore.h"
#include "store/userstore.h"

#include <QSqlError>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

QString benchPasswordHash()
{
    // Neither "$argon2id$…" nor "pbkdf2-sha256$…": verify() treats it as malformed and never
    // matches, whatever the password.
    return u"bench-seed$no-password"_s;
}

std::optional<BenchSeed> seedBench(Database& db, const BenchSeedSpec& spec, QString* error)
{
    if (spec.users < 1) {
        *error = u"bench-seed needs at least one user"_s;
        return std::nullopt;
    }
    if (!spec.roomTitle.isEmpty() && (spec.rooms < 1 || spec.rooms > spec.users)) {
        // Every room needs its owner among the users.
        *error = u"bench-seed needs 1 to %1 rooms for %1 users"_s.arg(spec.users);
        return std::nullopt;
    }
    UserStore users(db);
    MemberStore members(db);
    LeaveBlocks leaveBlocks(db);
    ConversationStore conversations(db, members, leaveBlocks);
    const QString hash = benchPasswordHash();
    BenchSeed seed;
    QStringList userIds;
    const auto fail = [&](const QString& why) {
        db.rollback();
        *error = why;
        return std::nullopt;
    };
    if (!db.transaction()) {
        *error = u"Could not start a transaction: %1"_s.arg(db.connection().lastError().text());
        return std::nullopt;
    }
    for (int i = 0; i < spec.users; ++i) {
        QString why;
        const auto user = users.addHashedUser(spec.prefix + QString::number(i), hash, &why);
        if (!user)
            return fail(why);
        const QString token = users.issueToken(user->id, spec.tokenLifetimeSeconds);
        if (token.isEmpty())
            return fail(u"Could not store a token: %1"_s.arg(db.errorString()));
        userIds.append(user->id);
        seed.tokens.append(token);
    }
    const int rooms = spec.roomTitle.isEmpty() ? 0 : spec.rooms;
    for (int r = 0; r < rooms; ++r) {
        NewConversation room;
        room.kind = protocol::ConversationKind::Room;
        room.creatorId = userIds.at(r);
        for (int i = r + rooms; i < userIds.size(); i += rooms)
            room.memberIds.append(userIds.at(i));
        room.title = rooms == 1 ? spec.roomTitle : u"%1 %2"_s.arg(spec.roomTitle).arg(r);
        const auto created = conversations.insertRows(room);
        if (!created)
            return fail(u"Could not create a room: %1"_s.arg(db.errorString()));
        seed.convIds.append(created->convId);
    }
    if (!db.commit())
        return fail(db.errorString());
    return seed;
}

} // namespace palaver::server
