#pragma once

// A keychain for tests: tokens in memory, or (failing) every job ends with an error, as
// QtKeychain does where there is no secret service. Answers come later, like a real keychain's.

#include "session/tokenvault.h"

#include <QHash>

namespace palaver::test {

class FakeVault : public client::TokenVault
{
public:
    explicit FakeVault(bool failing)
        : m_failing(failing)
    { }

    QHash<QString, QString> tokens;
    int reads = 0;

    QString description() const override { return QStringLiteral("the system keychain"); }
    void read(const QString& key) override
    {
        ++reads;
        const QString token = tokens.value(key);
        later([=, this] { Q_EMIT readDone(key, m_failing ? QString() : token, error()); });
    }
    void write(const QString& key, const QString& token) override
    {
        if (!m_failing)
            tokens.insert(key, token);
        later([=, this] { Q_EMIT writeDone(key, error()); });
    }
    void remove(const QString& key) override
    {
        if (!m_failing)
            tokens.remove(key);
        later([=, this] { Q_EMIT removeDone(key, error()); });
    }

private:
    QString error() const
    {
        return m_failing ? QStringLiteral("No keychain service available") : QString();
    }
    template<typename F> void later(F f)
    {
        QMetaObject::invokeMethod(this, f, Qt::QueuedConnection);
    }

    bool m_failing;
};

} // namespace palaver::test
