#pragma once

#include <QObject>
#include <QtQml/qqmlregistration.h>

namespace palaver::ui::test {

/// Puts what a server would cause into a ClientSession, for the banner tests and pictures: an
/// announcement arriving, a certificate refused.
class NoticeFixture : public QObject
{
    Q_OBJECT
    QML_ELEMENT

public:
    explicit NoticeFixture(QObject* parent = nullptr);

    /// An `announcement` arrives on `session` (a ClientSession): `level` "info" or "warning";
    /// `expiresInMs` > 0 makes it expire that long from now, < 0 makes it a withdrawal.
    Q_INVOKABLE void announce(QObject* session, const QString& id, const QString& level,
        const QString& text, int expiresInMs = 0) const;
    /// `session` refuses the certificate of chat.example.com:8765 (issued by "Example Private
    /// CA", which nobody trusts here).
    Q_INVOKABLE void refuseCertificate(QObject* session) const;
};

} // namespace palaver::ui::test
