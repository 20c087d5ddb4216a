#pragma once

#include <QtGlobal>

namespace palaver::protocol {

/// Size limits a server announces in `welcome` and enforces on every frame.
struct Limits
{
    qint64 maxFrameBytes = 1024 * 1024; ///< a larger frame closes the connection with 1009
    int maxTextChars = 32000; ///< a longer message text is answered with `too_large`
    friend bool operator==(const Limits& a, const Limits& b)
    {
        return a.maxFrameBytes == b.maxFrameBytes && a.maxTextChars == b.maxTextChars;
    }
};

/// Field limits that are part of the contract rather than of a server's configuration.
namespace field {
constexpr int maxIdChars = 64; ///< request `id`
constexpr int maxIdentifierChars = 128; ///< convId, msgId, genId, clientMsgId
constexpr int maxUsernameChars = 64;
constexpr int maxPasswordChars = 1024;
constexpr int maxTokenChars = 512;
constexpr int maxTitleChars = 200;
constexpr int maxModelChars = 200;
constexpr int maxHistoryLimit = 200;
constexpr int defaultHistoryLimit = 50;
constexpr int maxCreateMembers = 100; ///< usernames in one `conversation.create`
constexpr int maxConversationPage = 200; ///< `conversations.list` limit
constexpr int defaultConversationPage = 100;
constexpr int maxCursorChars = 256; ///< `conversations.list` cursor
constexpr int maxAnnouncementChars = 2000; ///< an operator's `announcement` text
} // namespace field

} // namespace palaver::protocol
