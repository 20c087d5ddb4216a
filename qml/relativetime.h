#pragma once

#include <QDateTime>
#include <QObject>
#include <QTimer>
#include <QtQml/qqmlregistration.h>

namespace palaver::ui {

/// "just now", "5 min ago", "Yesterday"… for the conversation list and the member panel. `now`
/// ticks every 30 s so bindings that pass it to format() refresh by themselves.
class RelativeTime : public QObject
{
    Q_OBJECT
    QML_ELEMENT
    QML_SINGLETON
    /// The current time, updated every 30 seconds.
    Q_PROPERTY(QDateTime now READ now NOTIFY nowChanged)

public:
    explicit RelativeTime(QObject* parent = nullptr);

    QDateTime now() const { return m_now; }

    /// How long before `now` the moment `when` was, in words; empty for an invalid `when`.
    Q_INVOKABLE static QString format(const QDateTime& when, const QDateTime& now);
    /// An offline person in the member panel: "Last seen 5 min ago", "Last seen yesterday",
    /// "Last seen Monday", "Last seen on 3 Feb"; "Offline" when `when` is unknown.
    Q_INVOKABLE static QString lastSeen(const QDateTime& when, const QDateTime& now);

Q_SIGNALS:
    void nowChanged();

private:
    QDateTime m_now;
    QTimer m_timer;
};

} // namespace palaver::ui
