#include "ai/demomodel.h"
#include "ai/providerfactory.h"

#include <QSignalSpy>
#include <QTest>

using namespace Qt::Literals::StringLiterals;
using palaver::protocol::FinishReason;
using palaver::server::Completion;
using palaver::server::CompletionRequest;
using palaver::server::DemoModel;
using palaver::server::LlmConfig;
using palaver::server::PromptTurn;

namespace {

CompletionRequest requestSaying(const QString& text)
{
    CompletionRequest request;
    request.model = u"demo"_s;
    request.turns
        = { { PromptTurn::Role::System, u"Be brief."_s }, { PromptTurn::Role::User, text } };
    return request;
}

LlmConfig demoConfig(int tokensPerSecond)
{
    LlmConfig config;
    config.kind = LlmConfig::Kind::Demo;
    config.demoTokensPerSecond = tokensPerSecond;
    return config;
}

/// Runs a completion to its end and returns the concatenated text.
QString runToEnd(palaver::server::Provider& provider, const CompletionRequest& request)
{
    QObject parent;
    Completion* completion = provider.start(request, &parent);
    QString text;
    QObject::connect(completion, &Completion::delta,
        [&text](const QString& delta, const QString&) { text += delta; });
    QSignalSpy finished(completion, &Completion::finished);
    if (!finished.wait(5000))
        return u"<timeout>"_s;
    return text;
}

} // namespace

/// DemoModel: the offline model streams a fixed, helpful markdown reply at a set pace.
class TestDemoModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void modelInfo();
    void factoryMakesDemo();
    void replyMentionsDemoAndQuotes_data();
    void replyMentionsDemoAndQuotes();
    void deterministic();
    void deltasConcatenateToReply();
    void finishesWithStopAndUsage();
    void nothingBeforeStartReturns();
    void abortStopsAtOnce();
    void paced();
};

void TestDemoModel::modelInfo()
{
    const DemoModel model(demoConfig(0));
    QCOMPARE(model.model().id, u"demo"_s);
    QCOMPARE(model.model().name, u"Demo (offline)"_s);
}

void TestDemoModel::factoryMakesDemo()
{
    const auto provider = palaver::server::createProvider(demoConfig(0));
    QVERIFY(provider);
    QCOMPARE(provider->model().id, u"demo"_s);
    LlmConfig openAi = demoConfig(0);
    openAi.kind = LlmConfig::Kind::OpenAi;
    openAi.model = u"gpt-4o-mini"_s;
    QCOMPARE(palaver::server::createProvider(openAi)->model().id, u"gpt-4o-mini"_s);
}

void TestDemoModel::replyMentionsDemoAndQuotes_data()
{
    QTest::addColumn<QString>("message");
    QTest::addColumn<QString>("quoted");
    QTest::newRow("short") << u"Hello there"_s << u"> Hello there"_s;
    QTest::newRow("multi-line is one quote line") << u"one\ntwo"_s << u"> one two"_s;
    QTest::newRow("long is cut") << QString(200, u'x') << u"> "_s + QString(80, u'x') + u"…"_s;
}

void TestDemoModel::replyMentionsDemoAndQuotes()
{
    QFETCH(QString, message);
    QFETCH(QString, quoted);
    DemoModel model(demoConfig(0));
    const QString reply = runToEnd(model, requestSaying(message));
    QVERIFY(reply.contains(u"demo"_s, Qt::CaseInsensitive));
    QVERIFY(reply.contains(quoted));
    QVERIFY(reply.contains(u"--llm-kind openai"_s));
    QVERIFY(reply.contains(u"PALAVER_LLM_API_KEY"_s));
    QVERIFY(reply.contains(u"```"_s));
    QVERIFY(reply.contains(u"\n- "_s));
}

void TestDemoModel::deterministic()
{
    DemoModel model(demoConfig(0));
    const QString first = runToEnd(model, requestSaying(u"same"_s));
    QVERIFY(!first.isEmpty());
    QCOMPARE(runToEnd(model, requestSaying(u"same"_s)), first);
    QVERIFY(runToEnd(model, requestSaying(u"other"_s)) != first);
}

void TestDemoModel::deltasConcatenateToReply()
{
    const QString reply = DemoModel::replyFor(requestSaying(u"hi"_s));
    const QStringList deltas = DemoModel::splitIntoDeltas(reply);
    QVERIFY(deltas.size() > 20);
    QCOMPARE(deltas.join(QString()), reply);
    for (const QString& delta : deltas)
        QVERIFY(!delta.trimmed().isEmpty() || delta == deltas.first());
}

void TestDemoModel::finishesWithStopAndUsage()
{
    DemoModel model(demoConfig(0));
    QObject parent;
    Completion* completion = model.start(requestSaying(u"hi"_s), &parent);
    QSignalSpy usage(completion, &Completion::usageReported);
    QSignalSpy finished(completion, &Completion::finished);
    QVERIFY(finished.wait(5000));
    QCOMPARE(finished.size(), 1);
    QCOMPARE(finished.first().at(0).value<FinishReason>(), FinishReason::Stop);
    QVERIFY(!finished.first().at(1).value<std::optional<palaver::protocol::ErrorInfo>>());
    QCOMPARE(usage.size(), 1);
    const auto counted = usage.first().at(0).value<palaver::protocol::Usage>();
    QVERIFY(counted.inputTokens > 0);
    QCOMPARE(counted.outputTokens,
        DemoModel::splitIntoDeltas(DemoModel::replyFor(requestSaying(u"hi"_s))).size());
}

void TestDemoModel::nothingBeforeStartReturns()
{
    DemoModel model(demoConfig(0));
    QObject parent;
    Completion* completion = model.start(requestSaying(u"hi"_s), &parent);
    QSignalSpy deltas(completion, &Completion::delta);
    QCOMPARE(deltas.size(), 0);
    QTRY_VERIFY_WITH_TIMEOUT(deltas.size() > 0, 5000);
}

void TestDemoModel::abortStopsAtOnce()
{
    DemoModel model(demoConfig(0));
    QObject parent;
    Completion* completion = model.start(requestSaying(u"hi"_s), &parent);
    QSignalSpy deltas(completion, &Completion::delta);
    QSignalSpy usage(completion, &Completion::usageReported);
    QSignalSpy finished(completion, &Completion::finished);
    // Abort from inside the third delta, as a stop arriving mid-stream would.
    connect(completion, &Completion::delta, completion, [&] {
        if (deltas.size() == 3)
            completion->abort();
    });
    QTRY_COMPARE_WITH_TIMEOUT(deltas.size(), 3, 5000);
    // The unaborted reply takes ~100 ticks; give it far more than it would need to finish.
    for (int i = 0; i < 500; ++i)
        QCoreApplication::processEvents();
    QCOMPARE(deltas.size(), 3);
    QCOMPARE(usage.size(), 0);
    QCOMPARE(finished.size(), 0);
}

void TestDemoModel::paced()
{
    // 20 tokens/s = one delta per 50 ms: after the first delta, the next one must wait a tick.
    DemoModel model(demoConfig(20));
    QObject parent;
    Completion* completion = model.start(requestSaying(u"hi"_s), &parent);
    QSignalSpy deltas(completion, &Completion::delta);
    QVERIFY(deltas.wait(2000));
    QCOMPARE(deltas.size(), 1);
    QCoreApplication::processEvents();
    QCOMPARE(deltas.size(), 1); // not all at once
    QVERIFY(deltas.wait(2000));
    QCOMPARE(deltas.size(), 2);
    completion->abort();
}

QTEST_GUILESS_MAIN(TestDemoModel)
#include "tst_demomodel.moc"
