#include "session/sessionstore.h"

#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
const auto kServerUrl = "session/serverUrl"_L1;
const auto kUsername = "session/username"_L1;
const auto kToken = "session/token"_L1;
} // namespace

SessionStore::SessionStore(const QString& settingsFile)
    : m_settings(settingsFile.isEmpty()
            ? std::make_unique<QSettings>(u"Palaver"_s, u"palaver"_s)
            : std::make_unique<QSettings>(settingsFile, QSettings::IniFormat))
{ }

SessionStore::~SessionStore() = default;

QString SessionStore::serverUrl() const
{
    return m_settings->value(kServerUrl).toString();
}
QString SessionStore::username() const
{
    return m_settings->value(kUsername).toString();
}
QString SessionStore::token() const
{
    return m_settings->value(kToken).toString();
}

void SessionStore::remember(const QString& serverUrl, const QString& username, const QString& token)
{
    m_settings->setValue(kServerUrl, serverUrl);
    m_settings->setValue(kUsername, username);
    if (!token.isEmpty())
        m_settings->setValue(kToken, token);
    m_settings->sync();
}

void SessionStore::forgetToken()
{
    m_settings->remove(kToken);
    m_settings->sync();
}

} // namespace palaver::client
