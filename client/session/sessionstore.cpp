#include "session/sessionstore.h"

#include <QSettings>

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

namespace {
const auto kServerUrl = "session/serverUrl"_L1;
const auto kUsername = "session/username"_L1;
const auto kTokenSaved = "session/tokenSaved"_L1;
/// Where versions before the keychain kept the token in plain text.
const auto kLegacyToken = "session/token"_L1;
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

bool SessionStore::hasSession() const
{
    return !serverUrl().isEmpty()
        && (m_settings->value(kTokenSaved).toBool() || !legacyToken().isEmpty());
}

QString SessionStore::keyFor(const QString& serverUrl, const QString& username)
{
    return username + u'@' + serverUrl;
}

void SessionStore::remember(const QString& serverUrl, const QString& username)
{
    m_settings->setValue(kServerUrl, serverUrl);
    m_settings->setValue(kUsername, username);
    m_settings->sync();
}

void SessionStore::setTokenSaved(bool saved)
{
    if (saved)
        m_settings->setValue(kTokenSaved, true);
    else
        m_settings->remove(kTokenSaved);
    m_settings->sync();
}

void SessionStore::forgetToken()
{
    m_settings->remove(kTokenSaved);
    m_settings->remove(kLegacyToken);
    m_settings->sync();
}

QString SessionStore::legacyToken() const
{
    return m_settings->value(kLegacyToken).toString();
}

void SessionStore::dropLegacyToken()
{
    m_settings->remove(kLegacyToken);
    m_settings->sync();
}

} // namespace palaver::client
