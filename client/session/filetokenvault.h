#pragma once

#include "session/tokenvault.h"

namespace palaver::client {

/// Tokens in a JSON file only its owner can read or write (0600), for platforms without a
/// keychain. The synchronous readNow/writeNow/removeNow are what the signals report (tests use
/// them too).
class FileTokenVault : public TokenVault
{
    Q_OBJECT

public:
    explicit FileTokenVault(const QString& path, QObject* parent = nullptr);

    /// The file in `directory` (created when missing); empty = the app data directory.
    static QString pathIn(const QString& directory);
    QString path() const { return m_path; }

    QString description() const override;
    void read(const QString& key) override;
    void write(const QString& key, const QString& token) override;
    void remove(const QString& key) override;

    /// The token of `key` (empty when none); `error` says why the file could not be read.
    QString readNow(const QString& key, QString* error = nullptr) const;
    /// Empty on success, else why not.
    QString writeNow(const QString& key, const QString& token);
    QString removeNow(const QString& key);

private:
    QString m_path;
};

} // namespace palaver::client
