#include "streambench.h"

#include "benchapp.h"
#include "clock.h"
#include "fakeserver.h"
#include "framerecorder.h"
#include "markdownreply.h"
#include "procstats.h"
#include "serverthread.h"

#include "chat/chatcontroller.h"
#include "chat/messagelistmodel.h"
#include "session/clientsession.h"

#include <QQuickWindow>
#include <QTextBoundaryFinder>
#include <QTimer>

#include <atomic>

// Under `valgrind --tool=callgrind --instr-atstart=no` only the stream is measured; elsewhere
// these do nothing.
#if __has_include(<valgrind/callgrind.h>)
#include <valgrind/callgrind.h>
#else
#define CALLGRIND_START_INSTRUMENTATION
#define CALLGRIND_STOP_INSTRUMENTATION
#endif

using namespace Qt::Literals::StringLiterals;
using palaver::client::MessageListModel;
using palaver::test::FakeServer;
namespace protocol = palaver::protocol;

namespace clientbench {

namespace {
const QString kConv = u"c-stream"_s;
const QString kGenId = u"g-bench"_s;
const QString kReplyId = u"m-reply"_s;
constexpr int kSignInTimeoutMs = 20000;

/// What the server's thread tells the GUI thread about the stream.
struct Progress
{
    std::atomic<int> sent { 0 };
    std::atomic<std::int64_t> lastSentNs { 0 };
};

void addConversation(FakeServer& server)
{
    protocol::Conversation c;
    c.convId = kConv;
    c.title = u"Streaming"_s;
    c.model = u"m-demo"_s;
    c.updatedAt = QDateTime::currentDateTimeUtc();
    server.conversations = { c };
    protocol::MessageEvent question;
    question.convId = kConv;
    question.message.msgId = u"m-question"_s;
    question.message.clientMsgId = u"cm-question"_s;
    question.message.author = { protocol::AuthorKind::User, u"u1"_s, u"Ada"_s };
    question.message.text = u"How do I make a program faster?"_s;
    question.message.createdAt = c.updatedAt;
    server.store(kConv, question);
}

/// Sends the start, then the deltas on schedule (a token is due every 1/rate s from the start;
/// a late timer sends all that are due, so stalls are not hidden).
void streamTokens(
    ServerThread& thread, const QStringList& tokens, int perSecond, Progress& progress)
{
    thread.post([&thread, tokens, perSecond, &progress](FakeServer& server) {
        QWebSocket* socket = server.last();
        server.send(socket, protocol::GenerationStart { kConv, 2, kGenId, kReplyId, u"m-demo"_s });
        auto* timer = new QTimer(thread.context());
        timer->setTimerType(Qt::PreciseTimer);
        timer->setInterval(std::max(1, 1000 / perSecond));
        const std::int64_t start = loadgen::nowNs();
        QObject::connect(timer, &QTimer::timeout, timer, [=, &server, &progress] {
            const std::int64_t due = std::min<std::int64_t>(
                tokens.size(), (loadgen::nowNs() - start) * perSecond / loadgen::nsPerSecond + 1);
            for (int i = progress.sent; i < due; ++i) {
                server.send(
                    socket, protocol::GenerationDelta { kConv, kGenId, i + 1, tokens.at(i), {} });
                progress.sent = i + 1;
            }
            progress.lastSentNs = loadgen::nowNs();
            if (progress.sent == tokens.size()) {
                timer->stop();
                timer->deleteLater();
            }
        });
        timer->start();
    });
}

/// What the view may show while the reply streams: all but its last grapheme, which the
/// typewriter holds back until the end (a combining mark may still extend it).
QString shownWhileStreaming(const QString& reply)
{
    QTextBoundaryFinder graphemes(QTextBoundaryFinder::Grapheme, reply);
    graphemes.toEnd();
    const qsizetype lastStart = graphemes.toPreviousBoundary();
    return reply.left(std::max<qsizetype>(0, lastStart));
}

QString shownText(MessageListModel* messages)
{
    const int row = messages->rowOfMsgId(kReplyId);
    return row < 0 ? QString()
                   : messages->data(messages->index(row), MessageListModel::TextRole).toString();
}
} // namespace

loadgen::Row runStream(const StreamOptions& options)
{
    loadgen::Row row;
    row.scenario = "client-stream";
    row.dialect = "palaver-qml";
    const QString reply = markdownReply(options.replyChars);
    const QStringList tokens = tokensOf(reply);
    row.params.add("reply_chars", options.replyChars)
        .add("tokens", int(tokens.size()))
        .add("tokens_per_second", options.tokensPerSecond);

    Progress progress; // outlives the server thread that writes it
    ServerThread server;
    server.run(addConversation);
    BenchApp app;
    QString error;
    if (!app.load(&error)) {
        row.invalidate(error.toStdString());
        return row;
    }
    if (!app.signIn(server.address(), 1, kSignInTimeoutMs)) {
        row.invalidate("sign-in to the fake server timed out");
        return row;
    }
    MessageListModel* messages = app.session()->chat()->messages();
    FrameRecorder frames(app.window());
    frames.start();
    if (!waitFor(
            [&] { return messages->rowCount() == 1 && frames.frames() > 0; }, kSignInTimeoutMs)) {
        row.invalidate("the conversation's history did not show");
        return row;
    }

    frames.start();
    const std::int64_t startNs = loadgen::nowNs();
    const std::int64_t cpuStart = loadgen::selfCpuNs();
    const std::int64_t guiCpuStart = loadgen::threadCpuNs();
    CALLGRIND_START_INSTRUMENTATION;
    streamTokens(server, tokens, options.tokensPerSecond, progress);
    const int expectedMs = int(qint64(tokens.size()) * 1000 / options.tokensPerSecond);
    // Every token shown while the reply still streams (the end would replace the text).
    const QString expectedShown = shownWhileStreaming(reply);
    const bool shown = waitFor(
        [&] { return progress.sent == tokens.size() && shownText(messages) == expectedShown; },
        expectedMs + 60000);
    const std::int64_t shownNs = loadgen::nowNs();
    const bool drawn
        = shown && waitFor([&] { return frames.firstSwapAfter(shownNs) != 0; }, kSignInTimeoutMs);
    CALLGRIND_STOP_INSTRUMENTATION;
    frames.stop();
    const std::int64_t wallNs = loadgen::nowNs() - startNs;
    const std::int64_t cpuNs = loadgen::selfCpuNs() - cpuStart;
    const std::int64_t guiCpuNs = loadgen::threadCpuNs() - guiCpuStart;
    if (!shown)
        row.invalidate("not every token was shown: " + std::to_string(shownText(messages).size())
            + " of " + std::to_string(expectedShown.size()) + " characters");
    else if (!drawn)
        row.invalidate("no frame after the last token");

    // The stored message ends the reply; the row must keep the whole text.
    protocol::GenerationEnd end;
    end.convId = kConv;
    end.seq = 3;
    end.genId = kGenId;
    end.msgId = kReplyId;
    end.message.msgId = kReplyId;
    end.message.genId = kGenId;
    end.message.author = { protocol::AuthorKind::Assistant, {}, u"demo"_s };
    end.message.text = reply;
    end.message.createdAt = QDateTime::currentDateTimeUtc();
    server.run([&](FakeServer& s) { s.send(s.last(), end); });
    // Then the typewriter reveals the held-back rest.
    if (!waitFor([&] { return !app.session()->chat()->streaming(); }, kSignInTimeoutMs))
        row.invalidate("the reply did not end");
    else if (!waitFor([&] { return shownText(messages) == reply; }, kSignInTimeoutMs))
        row.invalidate("the ended reply's text differs");

    const loadgen::Histogram intervals = frames.intervals();
    const loadgen::Histogram render = frames.renderTimes();
    const double seconds = double(wallNs) / 1e9;
    row.figures.add("wall_s", seconds)
        .add("frames", std::uint64_t(frames.frames()))
        .add("frame_interval_p50_ms", loadgen::toMs(intervals.percentile(0.5)))
        .add("frame_interval_p99_ms", loadgen::toMs(intervals.percentile(0.99)))
        .add("frame_interval_max_ms", loadgen::toMs(intervals.max()))
        .add("render_p50_ms", loadgen::toMs(render.percentile(0.5)))
        .add("render_p99_ms", loadgen::toMs(render.percentile(0.99)))
        .add("render_max_ms", loadgen::toMs(render.max()))
        .add("cpu_process_s", double(cpuNs) / 1e9)
        .add("cpu_gui_thread_s", double(guiCpuNs) / 1e9)
        .add("cpu_gui_thread_percent", 100.0 * double(guiCpuNs) / double(wallNs))
        .add(
            "catch_up_ms", loadgen::toMs(std::max<std::int64_t>(0, shownNs - progress.lastSentNs)));
    return row;
}

} // namespace clientbench
