#pragma once

#include "session/clientsession.h"

#include <QList>
#include <QObject>
#include <QTemporaryDir>
#include <QTimer>

#include <memory>

class FaultProxy;

/// One device of one user, connected through its own FaultProxy: a ClientSession with short
/// backoff and watchdog intervals and a script of messages. The first is sent online, the second
/// while the first one's reply streams (it waits in the prompt queue), the next ones each after
/// the previous reply, the last two while its link is down (the proxy takes it offline for a
/// while). step() advances the script when it can.
class ScriptedClient : public QObject
{
    Q_OBJECT
public:
    struct Typed
    {
        QString clientMsgId;
        QString text;
    };

    ScriptedClient(const QString& name, const QString& user, const QString& password,
        FaultProxy* proxy, const QStringList& script, QObject* parent = nullptr);
    ~ScriptedClient() override;

    QString name() const { return m_name; }
    QString user() const { return m_user; }
    palaver::client::ClientSession& session() { return *m_session; }
    palaver::client::MessageListModel& messages() { return *m_session->chat()->messages(); }
    FaultProxy* proxy() const { return m_proxy; }

    void signIn();
    bool isOnline() const;
    /// Opens `convId` in the chat (the script sends into it).
    void open(const QString& convId);
    /// Does the next step of the script when its condition holds.
    void step();
    bool scriptDone() const { return m_next >= m_script.size() && !m_outageRunning; }
    /// Every message typed, in the order typed.
    const QList<Typed>& typed() const { return m_typed; }
    /// Messages still in the outbox (not acknowledged).
    int unacknowledged() const;

private:
    void type(const QString& text);
    bool acknowledged(const QString& clientMsgId) const;
    bool replyShownAfter(const QString& clientMsgId) const;

    QString m_name;
    QString m_user;
    QString m_password;
    FaultProxy* m_proxy;
    QStringList m_script;
    QTemporaryDir m_dir;
    std::unique_ptr<palaver::client::ClientSession> m_session;
    QList<Typed> m_typed;
    qsizetype m_next = 0;
    bool m_outageStarted = false;
    bool m_outageRunning = false;
    QTimer m_outage;
};
