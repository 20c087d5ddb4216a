#pragma once

#include <QObject>
#include <QString>

namespace palaver::client {

/// Somewhere a session token can be kept (the system keychain, a private file). Every operation
/// answers later through a signal, as a keychain does; `error` non-empty means the place itself
/// failed (not "nothing stored", which is an empty token).
class TokenVault : public QObject
{
    Q_OBJECT

public:
    using QObject::QObject;

    /// How a person is told where the token is, e.g. "the system keychain".
    virtual QString description() const = 0;
    /// Answers with readDone.
    virtual void read(const QString& key) = 0;
    /// Answers with writeDone.
    virtual void write(const QString& key, const QString& token) = 0;
    /// Answers with removeDone.
    virtual void remove(const QString& key) = 0;

Q_SIGNALS:
    void readDone(const QString& key, const QString& token, const QString& error);
    void writeDone(const QString& key, const QString& error);
    void removeDone(const QString& key, const QString& error);
};

} // namespace palaver::client
