#pragma once

#include <QByteArray>
#include <QHash>
#include <QString>

#include <memory>

class QSettings;

namespace palaver::client {

/// What the client learnt about server addresses, kept in its settings between runs: the scheme
/// that worked for an address typed without one (`ws` or `wss`, by addressKey()), and the
/// certificates the user chose to trust (SHA-256 by endpoint `host:port`). Same settings as
/// SessionStore (QSettings "Palaver"/"palaver", or the given INI file).
class AddressBook
{
public:
    /// `settingsFile` empty: the user's Palaver settings; else an INI file (tests).
    explicit AddressBook(const QString& settingsFile = {});
    ~AddressBook();

    /// `ws`, `wss` or empty when the address was never used.
    QString scheme(const QString& addressKey) const;
    void rememberScheme(const QString& addressKey, const QString& scheme);

    /// Every pinned certificate: endpoint → SHA-256.
    QHash<QString, QByteArray> pins() const;
    /// False when the settings hold too many pins already (the certificate is then trusted
    /// until the app quits only).
    bool pin(const QString& endpoint, const QByteArray& fingerprint);

private:
    std::unique_ptr<QSettings> m_settings;
};

} // namespace palaver::client
