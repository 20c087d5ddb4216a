#include "openbench.h"

#include "benchapp.h"
#include "clock.h"
#include "fakeserver.h"
#include "framerecorder.h"
#include "procstats.h"
#include "serverthread.h"

#include "chat/chatcontroller.h"
#include "chat/messagelistmodel.h"
#include "session/clientsession.h"
#include "store/localstore.h"

#include <QQuickItem>
#include <QQuickWindow>
#include <QSet>

#include <algorithm>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;
using palaver::client::MessageListModel;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace clientbench {

namespace {
const QString kBig = u"c-big"_s;
const QString kSmall = u"c-small"_s;
constexpr int kTimeoutMs = 120000;
/// Events per sync answer: a real server's page is about this size too.
constexpr int kSyncPage = 500;

QString msgIdOf(int i)
{
    return u"m-%1"_s.arg(i);
}

protocol::MessageEvent messageEvent(const QString& convId, int i, const QDateTime& at)
{
    static const QStringList texts = {
        u"Did you look at the numbers from yesterday?"_s,
        u"Yes: the **p99** went from 40 ms to 12 ms once the cache was warm, but the first "
        "request after a deploy is still slow."_s,
        u"Then let us measure the cold path separately, with `--no-cache`."_s,
        u"- fan-out: fine\n- history: slow past 5k messages\n- search: not measured yet"_s,
    };
    protocol::MessageEvent event;
    event.convId = convId;
    event.message.msgId = msgIdOf(i);
    const bool mine = i % 2 == 0;
    if (mine) {
        event.message.clientMsgId = u"cm-%1"_s.arg(i);
        event.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    } else {
        event.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
        event.message.genId = u"g-%1"_s.arg(i);
    }
    event.message.text = texts.at(i % texts.size());
    event.message.createdAt = at.addSecs(i);
    return event;
}

void addConversations(FakeServer& server, int messages)
{
    const QDateTime now = QDateTime::currentDateTimeUtc();
    protocol::Conversation big;
    big.convId = kBig;
    big.title = u"Long conversation"_s;
    big.model = u"m-demo"_s;
    big.updatedAt = now.addDays(-1);
    protocol::Conversation small = big;
    small.convId = kSmall;
    small.title = u"Short conversation"_s;
    small.updatedAt = now; // the newest: it opens at sign-in
    server.conversations = { small, big };
    server.syncPageSize = kSyncPage;
    const QDateTime first = now.addSecs(-messages - 86400);
    for (int i = 1; i <= messages; ++i)
        server.store(kBig, messageEvent(kBig, i, first));
    for (int i = 1; i <= 2; ++i)
        server.store(kSmall, messageEvent(kSmall, i, now.addSecs(-10)));
}

/// Every message of the big conversation is a row, once, and the view counts them all.
std::string checkShown(MessageListModel* messages, QQuickWindow* window, int expected)
{
    if (messages->rowCount() != expected)
        return "the model has " + std::to_string(messages->rowCount()) + " rows, not "
            + std::to_string(expected);
    QSet<QString> ids;
    for (int row = 0; row < expected; ++row)
        ids.insert(messages->data(messages->index(row), MessageListModel::MsgIdRole).toString());
    for (int i = 1; i <= expected; ++i) {
        if (!ids.contains(msgIdOf(i)))
            return "message " + msgIdOf(i).toStdString() + " is missing";
    }
    auto* list = window->findChild<QQuickItem*>(u"messageList"_s);
    if (!list || list->property("count").toInt() != expected)
        return "the message list does not show every row";
    return {};
}

std::int64_t rssKb()
{
    return loadgen::processRssBytes(getpid()).value_or(0) / 1024;
}

double median(std::vector<double> values)
{
    std::sort(values.begin(), values.end());
    return values.empty() ? 0.0 : values[values.size() / 2];
}
} // namespace

loadgen::Row runOpen(const OpenOptions& options)
{
    loadgen::Row row;
    row.scenario = "client-open";
    row.dialect = "palaver-qml";
    row.params.add("messages", options.messages).add("repetitions", options.repetitions);

    ServerThread server;
    server.run([&](FakeServer& s) { addConversations(s, options.messages); });
    BenchApp app;
    QString error;
    if (!app.load(&error)) {
        row.invalidate(error.toStdString());
        return row;
    }
    // Marked cached before the welcome: the sign-in's catch-up then fetches the whole
    // conversation from the fake server through sync pages, as a client that followed it would
    // have it in its cache.
    app.session()->signIn(server.address(), u"ada"_s, u"secret"_s);
    palaver::client::LocalStore* store = app.session()->localStore();
    if (!store || !store->setLastSeq(kBig, 0)) {
        row.invalidate("no local cache");
        return row;
    }
    palaver::client::ChatController* chat = app.session()->chat();
    if (!waitFor(
            [&] {
                return app.session()->signedIn() && chat->currentConvId() == kSmall
                    && store->lastSeq(kBig) == options.messages;
            },
            kTimeoutMs)) {
        row.invalidate("the cache did not fill from the fake server");
        return row;
    }

    MessageListModel* messages = chat->messages();
    FrameRecorder frames(app.window());
    std::vector<double> openMs, modelMs;
    std::int64_t rssBefore = 0, rssAfter = 0;
    for (int rep = 0; rep < options.repetitions && row.valid; ++rep) {
        // Start from the small conversation, drawn.
        frames.start();
        const std::int64_t shownSmall = loadgen::nowNs();
        app.window()->update();
        if (!waitFor(
                [&] { return messages->rowCount() == 2 && frames.firstSwapAfter(shownSmall) != 0; },
                kTimeoutMs)) {
            row.invalidate("the small conversation did not show");
            break;
        }
        if (rep == 0)
            rssBefore = rssKb();
        const std::int64_t startNs = loadgen::nowNs();
        chat->setCurrentConvId(kBig);
        std::int64_t inModelNs = 0;
        const bool inModel = waitFor(
            [&] {
                if (messages->rowCount() == options.messages && inModelNs == 0)
                    inModelNs = loadgen::nowNs();
                return inModelNs != 0 && frames.firstSwapAfter(inModelNs) != 0;
            },
            kTimeoutMs);
        if (!inModel) {
            row.invalidate("the conversation did not show in time");
            break;
        }
        openMs.push_back(loadgen::toMs(frames.firstSwapAfter(inModelNs) - startNs));
        modelMs.push_back(loadgen::toMs(inModelNs - startNs));
        if (rep == 0)
            rssAfter = rssKb();
        if (const std::string problem = checkShown(messages, app.window(), options.messages);
            !problem.empty())
            row.invalidate(problem);
        chat->setCurrentConvId(kSmall);
    }
    if (!openMs.empty()) {
        row.figures.add("open_min_ms", *std::min_element(openMs.begin(), openMs.end()))
            .add("open_median_ms", median(openMs))
            .add("open_max_ms", *std::max_element(openMs.begin(), openMs.end()))
            .add("in_model_median_ms", median(modelMs))
            .add("rss_before_kb", rssBefore)
            .add("rss_delta_kb", rssAfter - rssBefore);
    }
    return row;
}

} // namespace clientbench
