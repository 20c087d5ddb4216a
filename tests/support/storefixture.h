#pragma once

#include "store/chatstore.h"
#include "store/database.h"
#include "store/userstore.h"

#include <QHash>
#include <QStringList>
#include <QTemporaryDir>
#include <memory>

namespace palaver::testing {

/// A fresh server store in a temporary folder with named users in it, for tests of the store and
/// the classes built on it (membership, access, presence) without a hub or sockets.
class StoreFixture
{
public:
    /// Opens the database and adds `userNames` (password "pw", the cheapest hash); false, with
    /// errorString(), when that failed.
    bool open(const QStringList& userNames);
    QString errorString() const { return m_error; }

    server::Database& database() { return *m_db; }
    server::UserStore& users() { return *m_users; }
    server::ChatStore& chats() { return *m_chats; }
    /// The ids of the users open() added, by name.
    const QHash<QString, QString>& ids() const { return m_ids; }

private:
    QTemporaryDir m_dir;
    std::unique_ptr<server::Database> m_db;
    std::unique_ptr<server::UserStore> m_users;
    std::unique_ptr<server::ChatStore> m_chats;
    QHash<QString, QString> m_ids;
    QString m_error;
};

} // namespace palaver::testing
