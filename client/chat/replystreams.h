#pragma once

#include "protocol/messages.h"

#include <QHash>
#include <QMap>
#include <QObject>
#include <QSet>

#include <functional>

namespace palaver::client {

class MessageListModel;

/// The assistant replies streaming in the open conversation, each in its row of the
/// MessageListModel: deltas are applied once and in order (early ones wait for the gap to fill),
/// snapshots replace the text without typing it again, and after a reconnect each reply
/// continues from the last delta shown (`generation.resume`).
class ReplyStreams : public QObject
{
    Q_OBJECT

public:
    struct Generation
    {
        QString msgId;
        qint64 lastDeltaSeq = 0;
        /// Deltas that came ahead of a gap (live ones while a resume fills in the start).
        QMap<qint64, protocol::GenerationDelta> early;
        /// A resume is filling in text streamed before we watched: shown at once, not typed.
        bool catchingUp = false;
    };
    /// Sends a request; returns its id, or empty when it could not go (offline).
    using Sender = std::function<QString(const protocol::ClientMessage&)>;

    ReplyStreams(MessageListModel* messages, Sender send, QObject* parent = nullptr);

    bool isEmpty() const { return m_generations.isEmpty(); }
    bool contains(const QString& genId) const { return m_generations.contains(genId); }
    Generation value(const QString& genId) const { return m_generations.value(genId); }
    const QHash<QString, Generation>& all() const { return m_generations; }
    /// Replaces every followed reply (a history page was applied).
    void setAll(const QHash<QString, Generation>& generations);
    /// The reply the Stop button means: the newest one.
    QString latestGenId() const;

    /// `authorName`: what the reply's row is signed with until its end names it (the model's
    /// display name; its id when empty).
    void start(const protocol::GenerationStart& start, const QString& authorName = {});
    void delta(const protocol::GenerationDelta& delta);
    void end(const protocol::GenerationEnd& end);
    void snapshot(const protocol::GenerationSnapshot& snapshot);
    /// The resume answer is complete: from here on the reply is typed out live.
    void resumed(const protocol::Resumed& resumed);

    /// Asks for the deltas of `genId` after `afterDeltaSeq`; `catchingUp`: show them at once.
    void resume(const QString& genId, qint64 afterDeltaSeq, bool catchingUp);
    /// A reply `sync` says is still streaming: continue it from the last delta shown, or, when
    /// we were not following it, show its text so far at once and continue after that.
    void continueLive(const protocol::LiveGeneration& live, bool followed);
    /// A new connection: replies may be resumed again.
    void newConnection() { m_resumeAsked.clear(); }

Q_SIGNALS:
    /// isEmpty() changed.
    void streamingChanged();

private:
    /// Applies the early deltas that now follow on without a gap.
    void flushEarly(Generation& generation);
    /// Shows one delta's text and thinking text in the row of `generation`.
    void apply(const Generation& generation, const protocol::GenerationDelta& delta);
    void follow(const QString& genId, const Generation& generation);

    MessageListModel* m_messages;
    Sender m_send;
    QHash<QString, Generation> m_generations;
    QString m_latestGenId;
    /// genIds resumed on this connection (a sync answer may list them on every page).
    QSet<QString> m_resumeAsked;
};

} // namespace palaver::client
