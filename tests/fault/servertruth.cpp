#include "servertruth.h"

#include "ai/demomodel.h"
#include "wstestclient.h"

using namespace palaver;
using namespace Qt::Literals::StringLiterals;

namespace {
constexpr int kAnswerTimeoutMs = 3000;

template<typename... Ts> struct Overloaded : Ts...
{
    using Ts::operator()...;
};
template<typename... Ts> Overloaded(Ts...) -> Overloaded<Ts...>;

/// The demo reply to a prompt whose last user message is `text` (the demo quotes only that one).
QString demoReplyTo(const QString& text)
{
    server::CompletionRequest request;
    request.turns.append({ server::PromptTurn::Role::User, text });
    return server::DemoModel::replyFor(request);
}
} // namespace

std::optional<ServerTruth> ServerTruth::fetch(
    const QUrl& url, const QString& user, const QString& password, const QString& convId)
{
    testing::WsTestClient client;
    if (!client.open(url, { u"palaver.v1"_s }, kAnswerTimeoutMs) || !client.login(user, password))
        return std::nullopt;
    client.send(protocol::HistoryRequest {
        u"truth"_s, convId, std::nullopt, protocol::field::maxHistoryLimit });
    const auto reply = client.waitFor<protocol::HistoryReply>(kAnswerTimeoutMs);
    if (!reply || reply->hasMore)
        return std::nullopt;

    ServerTruth truth;
    QString lastUserText;
    for (const protocol::Event& event : reply->events) {
        std::visit(Overloaded {
                       [&](const protocol::MessageEvent& m) {
                           const bool assistant
                               = m.message.author.kind == protocol::AuthorKind::Assistant;
                           const int row = truth.rowOf(m.message.msgId);
                           Row& r = row >= 0 ? truth.rows[row] : truth.rows.emplace_back();
                           r.msgId = m.message.msgId;
                           r.clientMsgId = m.message.clientMsgId;
                           r.assistant = assistant;
                           r.text = m.message.text;
                           r.status = m.message.status;
                           if (!assistant)
                               lastUserText = m.message.text;
                       },
                       [&](const protocol::GenerationStart& s) {
                           // The server builds the prompt when the reply starts: the user message
                           // stored last before it is the one the demo quotes.
                           Row r;
                           r.msgId = s.msgId;
                           r.assistant = true;
                           r.status = protocol::MessageStatus::Streaming;
                           r.expected = demoReplyTo(lastUserText);
                           truth.rows.append(r);
                       },
                       [&](const protocol::GenerationEnd& e) {
                           const int row = truth.rowOf(e.msgId);
                           if (row < 0)
                               return;
                           truth.rows[row].text = e.message.text;
                           truth.rows[row].status = e.message.status;
                           truth.rows[row].ended = true;
                       },
                   },
            event);
    }
    return truth;
}

QString ServerTruth::createConversation(
    const QUrl& url, const QString& user, const QString& password)
{
    testing::WsTestClient client;
    if (!client.open(url, { u"palaver.v1"_s }, kAnswerTimeoutMs) || !client.login(user, password))
        return {};
    client.send(protocol::ConversationCreate { u"create"_s, u"fault suite"_s, {}, {} });
    const auto reply = client.waitFor<protocol::ConversationReply>(kAnswerTimeoutMs);
    return reply ? reply->conversation.convId : QString();
}

int ServerTruth::rowOf(const QString& msgId) const
{
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (rows.at(i).msgId == msgId)
            return int(i);
    }
    return -1;
}

int ServerTruth::rowOfClientMsgId(const QString& clientMsgId) const
{
    for (qsizetype i = 0; i < rows.size(); ++i) {
        if (!rows.at(i).assistant && rows.at(i).clientMsgId == clientMsgId)
            return int(i);
    }
    return -1;
}

int ServerTruth::countClientMsgId(const QString& clientMsgId) const
{
    int count = 0;
    for (const Row& row : rows)
        count += (!row.assistant && row.clientMsgId == clientMsgId) ? 1 : 0;
    return count;
}

bool ServerTruth::allEnded() const
{
    for (const Row& row : rows) {
        if (row.assistant && !row.ended)
            return false;
    }
    return true;
}
