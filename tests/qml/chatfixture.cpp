#include "chatfixture.h"

#include "session/clientsession.h"

#include <QDir>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui::test {

namespace {
const QString kReplyId = u"msg-assistant-1"_s;
}

ChatFixture::ChatFixture(QObject* parent)
    : QObject(parent)
    , m_bursts { u"Once upon a time, "_s, u"a small server "_s,
        u"streamed its first reply to a patient client, "_s, u"one burst after another, "_s,
        u"until the story was complete."_s }
{
    m_models.setModels({ { u"m-other"_s, u"other"_s, false }, { u"m-demo"_s, u"demo"_s, true } });
    // The user is Ada (u-ada), as in fillRooms(): her messages are the model's isOwn rows.
    m_messages.setSelfUserId(u"u-ada"_s);
}

void ChatFixture::reset()
{
    m_messages.clear();
    m_sent = 0;
    m_userMessages = 0;
    m_assistantMessages = 0;
    m_outboxMessages = 0;
    setStreaming(false);
}

void ChatFixture::addUserMessage(const QString& text)
{
    protocol::ChatMessage message;
    message.msgId = u"msg-user-%1"_s.arg(++m_userMessages);
    message.clientMsgId = u"client-%1"_s.arg(m_userMessages);
    message.author = { protocol::AuthorKind::User, u"u-ada"_s, u"Ada"_s };
    message.text = text;
    message.createdAt = QDateTime::currentDateTimeUtc();
    m_messages.upsertMessage(message);
}

void ChatFixture::startReply()
{
    protocol::ChatMessage message;
    message.msgId = kReplyId;
    message.author = { protocol::AuthorKind::Assistant, u"assistant"_s, u"Demo"_s };
    message.status = protocol::MessageStatus::Streaming;
    message.genId = u"gen-1"_s;
    message.createdAt = QDateTime::currentDateTimeUtc();
    m_messages.upsertMessage(message);
    setStreaming(true);
}

bool ChatFixture::sendBurst()
{
    if (m_sent >= m_bursts.size())
        return false;
    m_messages.appendDelta(kReplyId, m_bursts.at(m_sent++));
    return true;
}

void ChatFixture::sendReasoning(const QString& text)
{
    m_messages.appendReasoning(kReplyId, text);
}

QString ChatFixture::addOutboxMessage(
    const QString& text, const QString& state, const QString& errorText)
{
    client::OutboxEntry entry;
    entry.clientMsgId = u"outbox-%1"_s.arg(++m_outboxMessages);
    entry.convId = u"conv-a"_s;
    entry.text = text;
    entry.error = errorText;
    entry.createdAt = QDateTime::currentDateTimeUtc();
    entry.order = m_outboxMessages;
    if (state == "queued"_L1)
        entry.state = client::OutboxEntry::State::Queued;
    else if (state == "failed"_L1)
        entry.state = client::OutboxEntry::State::Failed;
    m_messages.setOutboxEntry(entry, u"Ada"_s);
    return entry.clientMsgId;
}

void ChatFixture::finishReply(int inputTokens, int outputTokens)
{
    protocol::ChatMessage message;
    message.msgId = kReplyId;
    message.author = { protocol::AuthorKind::Assistant, u"assistant"_s, u"Demo"_s };
    message.status = protocol::MessageStatus::Complete;
    message.genId = u"gen-1"_s;
    message.text = reply();
    message.createdAt = QDateTime::currentDateTimeUtc();
    std::optional<protocol::Usage> usage;
    if (inputTokens >= 0)
        usage = protocol::Usage { inputTokens, outputTokens };
    m_messages.finishMessage(message, std::nullopt, usage);
    setStreaming(false);
}

QString ChatFixture::addAssistantMessage(
    const QString& text, const QString& status, const QString& errorText)
{
    protocol::ChatMessage message;
    message.msgId = u"msg-assistant-extra-%1"_s.arg(++m_assistantMessages);
    message.genId = u"gen-extra-%1"_s.arg(m_assistantMessages);
    message.author = { protocol::AuthorKind::Assistant, u"assistant"_s, u"Demo"_s };
    message.status = protocol::fromWireName<protocol::MessageStatus>(status).value_or(
        protocol::MessageStatus::Complete);
    message.text = text;
    message.createdAt = QDateTime::currentDateTimeUtc();
    std::optional<protocol::ErrorInfo> error;
    if (!errorText.isEmpty())
        error = protocol::ErrorInfo { protocol::ErrorCode::UpstreamError, errorText };
    m_messages.finishMessage(message, error);
    return message.msgId;
}

void ChatFixture::fillConversations(QObject* session) const
{
    auto* clientSession = qobject_cast<client::ClientSession*>(session);
    Q_ASSERT(clientSession);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QList<protocol::Conversation> conversations;
    const QStringList titles { u"Alpha"_s, u"Beta"_s, u"Gamma"_s };
    for (int i = 0; i < titles.size(); ++i) {
        protocol::Conversation conversation;
        conversation.convId = u"conv-%1"_s.arg(QChar(u'a' + i));
        conversation.title = titles.at(i);
        conversation.model = u"demo"_s;
        conversation.updatedAt = now.addSecs(-3600 * i);
        conversations << conversation;
    }
    clientSession->conversations()->setConversations(conversations);
}

namespace {
protocol::Member member(const QString& name, protocol::MemberRole role,
    protocol::PresenceState presence, const QDateTime& lastSeen = {})
{
    protocol::Member result;
    result.id = u"u-"_s + name.toLower();
    result.name = name;
    result.role = role;
    result.presence = presence;
    result.lastSeen = lastSeen;
    return result;
}
} // namespace

void ChatFixture::fillRooms(QObject* session) const
{
    using protocol::MemberRole;
    using protocol::PresenceState;
    auto* clientSession = qobject_cast<client::ClientSession*>(session);
    Q_ASSERT(clientSession);
    clientSession->conversations()->setSelf(u"u-ada"_s, u"Ada"_s);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    const protocol::Member ada = member(u"Ada"_s, MemberRole::Member, PresenceState::Online);

    auto make = [&](const QString& id, protocol::ConversationKind kind, const QString& title,
                    int minutesAgo, qint64 unread) {
        protocol::Conversation conversation;
        conversation.convId = id;
        conversation.kind = kind;
        conversation.title = title;
        conversation.model = u"demo"_s;
        conversation.updatedAt = now.addSecs(-60 * minutesAgo);
        conversation.unread = unread;
        conversation.lastSeq = 200;
        conversation.lastReadSeq = 200 - unread;
        return conversation;
    };
    // Given out of order: the list sorts by kind, then newest first.
    protocol::Conversation alpha
        = make(u"ai-alpha"_s, protocol::ConversationKind::Ai, u"Alpha"_s, 1, 0);
    protocol::Conversation books
        = make(u"room-books"_s, protocol::ConversationKind::Room, u"Book club"_s, 30, 150);
    books.role = MemberRole::Member;
    books.members = { member(u"Erin"_s, MemberRole::Owner, PresenceState::Online), ada,
        member(u"bob"_s, MemberRole::Member, PresenceState::Online) };
    protocol::Conversation team
        = make(u"room-team"_s, protocol::ConversationKind::Room, u"Team"_s, 5, 3);
    team.role = MemberRole::Owner;
    protocol::Member owner = ada;
    owner.role = MemberRole::Owner;
    team.members = { owner, member(u"bob"_s, MemberRole::Member, PresenceState::Online),
        member(u"carol"_s, MemberRole::Member, PresenceState::Offline, now.addSecs(-7200)),
        member(u"dave"_s, MemberRole::Member, PresenceState::Away) };
    protocol::Conversation bob = make(u"dm-bob"_s, protocol::ConversationKind::Dm, {}, 10, 1);
    bob.role = MemberRole::Member;
    bob.members = { ada, member(u"bob"_s, MemberRole::Member, PresenceState::Online) };
    protocol::Conversation carol = make(u"dm-carol"_s, protocol::ConversationKind::Dm, {}, 60, 0);
    carol.role = MemberRole::Member;
    carol.members = { ada,
        member(u"carol"_s, MemberRole::Member, PresenceState::Offline, now.addSecs(-7200)) };
    clientSession->conversations()->setConversations({ alpha, books, team, bob, carol });
}

void ChatFixture::fillMembers()
{
    using protocol::MemberRole;
    using protocol::PresenceState;
    // 20¾ min: "20 min ago" even against RelativeTime.now, which may be 30 s old.
    const QDateTime lastSeen = QDateTime::currentDateTimeUtc().addSecs(-(20 * 60 + 45));
    m_members.setMembers(
        { member(u"bob"_s, MemberRole::Member, PresenceState::Online),
            member(u"carol"_s, MemberRole::Member, PresenceState::Offline, lastSeen),
            member(u"Ada"_s, MemberRole::Owner, PresenceState::Online),
            member(u"dave"_s, MemberRole::Member, PresenceState::Away) },
        u"u-ada"_s, u"Demo"_s);
}

void ChatFixture::setWriting(bool writing)
{
    m_members.setWriting(writing);
}

void ChatFixture::addMessageFrom(const QString& name, const QString& text, const QString& userId)
{
    protocol::ChatMessage message;
    message.msgId = u"msg-other-%1"_s.arg(++m_userMessages);
    message.clientMsgId = u"client-other-%1"_s.arg(m_userMessages);
    message.author = { protocol::AuthorKind::User,
        userId.isEmpty() ? u"u-"_s + name.toLower() : userId, name };
    message.text = text;
    message.createdAt = QDateTime::currentDateTimeUtc();
    m_messages.upsertMessage(message);
}

QString ChatFixture::artifactPath(const QString& name) const
{
    const QString dir = QDir::cleanPath(QStringLiteral(PALAVER_BIN_DIR) + u"/../screenshots"_s);
    QDir().mkpath(dir);
    return dir + u'/' + name;
}

void ChatFixture::setStreaming(bool streaming)
{
    if (m_streaming == streaming)
        return;
    m_streaming = streaming;
    Q_EMIT streamingChanged();
}

} // namespace palaver::ui::test
