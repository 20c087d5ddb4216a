#pragma once

#include "protocol/messages.h"

#include <QList>
#include <QUrl>
#include <optional>

/// What the server has stored in one conversation, read through a fresh WebSocket straight to the
/// server (no proxy): its messages in seq order, each reply with the text the demo model sends
/// for it.
struct ServerTruth
{
    struct Row
    {
        QString msgId;
        QString clientMsgId; ///< user messages
        bool assistant = false;
        QString text;
        palaver::protocol::MessageStatus status = palaver::protocol::MessageStatus::Complete;
        /// Assistant rows: a generation.end is stored.
        bool ended = false;
        /// Assistant rows: the whole reply the demo model streams for the prompt it was given.
        QString expected;
    };

    QList<Row> rows;

    /// Logs in as `user` and reads `convId` (nothing when the server does not answer).
    static std::optional<ServerTruth> fetch(
        const QUrl& url, const QString& user, const QString& password, const QString& convId);
    /// Creates a conversation for `user`; its convId, or empty.
    static QString createConversation(
        const QUrl& url, const QString& user, const QString& password);

    int rowOf(const QString& msgId) const;
    int rowOfClientMsgId(const QString& clientMsgId) const;
    int countClientMsgId(const QString& clientMsgId) const;
    bool allEnded() const;
};
