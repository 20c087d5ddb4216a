#include "storefixture.h"

#include "auth/passwordhash.h"

#include <QDir>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

bool StoreFixture::open(const QStringList& userNames)
{
    m_db = std::make_unique<server::Database>();
    if (!m_dir.isValid()
        || !m_db->open(QDir(m_dir.path()).filePath(server::Database::fileName()))) {
        m_error = m_db->errorString();
        return false;
    }
    m_users = std::make_unique<server::UserStore>(*m_db);
    m_chats = std::make_unique<server::ChatStore>(*m_db);
    for (const QString& name : userNames) {
        const auto user
            = m_users->addUser(name, u"pw"_s, &m_error, server::PasswordHash::Cost::minimum());
        if (!user)
            return false;
        m_ids.insert(name, user->id);
    }
    return true;
}

} // namespace palaver::testing
