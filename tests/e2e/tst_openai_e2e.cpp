// The whole path: the real palaver-server binary forwards a prompt to a fake OpenAI-compatible
// upstream that replays a recorded stream in small, odd-sized writes; the client core signs in,
// sends, and must end with exactly the text the recording holds.

#include "fakeupstream.h"
#include "serverbinary.h"
#include "session/clientsession.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using namespace palaver::client;
using palaver::testing::ServerBinary;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kFixture = u"openai-chat-stream-1.sse"_s;

QString fixturePath(const QString& name)
{
    return QStringLiteral(PALAVER_TEST_FIXTURES "/llm/") + name;
}

QJsonObject expectedFor(const QString& name)
{
    QFile file(fixturePath(u"expected.json"_s));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object().value(u"./"_s + name).toObject();
}

/// The row of the last assistant message, or -1.
int lastAssistantRow(const MessageListModel& messages)
{
    for (int row = messages.rowCount() - 1; row >= 0; --row) {
        if (messages.index(row).data(MessageListModel::IsAssistantRole).toBool())
            return row;
    }
    return -1;
}

} // namespace

class TestOpenAiEndToEnd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void streamedReplyMatchesTheRecording_data();
    void streamedReplyMatchesTheRecording();
};

void TestOpenAiEndToEnd::initTestCase()
{
    QStandardPaths::setTestModeEnabled(true);
}

void TestOpenAiEndToEnd::streamedReplyMatchesTheRecording_data()
{
    QTest::addColumn<int>("writeSize");
    QTest::newRow("1-byte writes") << 1;
    QTest::newRow("3-byte writes") << 3;
    QTest::newRow("7-byte writes") << 7;
    QTest::newRow("13-byte writes") << 13;
}

void TestOpenAiEndToEnd::streamedReplyMatchesTheRecording()
{
    QFETCH(int, writeSize);
    const QString expected = expectedFor(kFixture).value("content"_L1).toString();
    QVERIFY2(!expected.isEmpty(), "expected.json names the fixture's content");

    FakeUpstream upstream;
    QVERIFY(upstream.isListening());
    upstream.serveFile(fixturePath(kFixture), writeSize);

    QTemporaryDir dataDir;
    ServerBinary server(QStringLiteral(PALAVER_BIN_DIR "/palaver-server"), dataDir.path());
    QVERIFY2(server.addUser(u"erin"_s, u"pass word 1"_s), qPrintable(server.errorString()));
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PALAVER_LLM_API_KEY"_s, u"sk-test-e2e"_s);
    environment.remove(u"OPENAI_API_KEY"_s);
    server.process().setProcessEnvironment(environment);
    QVERIFY2(server.start({ u"--llm-kind"_s, u"openai"_s, u"--llm-url"_s,
                 upstream.baseUrl().toString(), u"--llm-model"_s, u"gpt-4o-2024-08-06"_s }),
        qPrintable(server.errorString()));

    QTemporaryDir settingsDir;
    ClientSession session(settingsDir.filePath(u"palaver.ini"_s));
    session.signIn(server.url().toString(), u"erin"_s, u"pass word 1"_s);
    QTRY_VERIFY2_WITH_TIMEOUT(session.signedIn(),
        qPrintable(session.errorText() + QString::fromUtf8(server.log())), 10000);

    const QString prompt = u"What's the weather in San Francisco?"_s;
    session.chat()->send(prompt);

    MessageListModel& messages = *session.chat()->messages();
    QTRY_VERIFY_WITH_TIMEOUT(lastAssistantRow(messages) >= 0, 10000);
    const auto assistant = [&] { return messages.index(lastAssistantRow(messages)); };
    QTRY_COMPARE_WITH_TIMEOUT(
        assistant().data(MessageListModel::StatusRole).toString(), u"complete"_s, 20000);
    // The typewriter finishes revealing shortly after the end arrives.
    QTRY_VERIFY_WITH_TIMEOUT(!assistant().data(MessageListModel::IsStreamingRole).toBool(), 5000);
    QCOMPARE(assistant().data(MessageListModel::TextRole).toString(), expected);
    QCOMPARE(assistant().data(MessageListModel::ErrorTextRole).toString(), QString());

    // The user's message is there once, no longer pending.
    int userRows = 0;
    for (int row = 0; row < messages.rowCount(); ++row) {
        const QModelIndex index = messages.index(row);
        if (!index.data(MessageListModel::IsAssistantRole).toBool()) {
            ++userRows;
            QCOMPARE(index.data(MessageListModel::TextRole).toString(), prompt);
            QCOMPARE(index.data(MessageListModel::StatusRole).toString(), u"complete"_s);
        }
    }
    QCOMPARE(userRows, 1);

    // What went upstream: one streaming request with the key and the prompt.
    QCOMPARE(upstream.requests().size(), 1);
    const FakeUpstream::Request request = upstream.requests().constFirst();
    QCOMPARE(request.method, QByteArray("POST"));
    QCOMPARE(request.path, QByteArray("/v1/chat/completions"));
    QCOMPARE(request.header("authorization"), QByteArray("Bearer sk-test-e2e"));
    const QJsonObject body = QJsonDocument::fromJson(request.body).object();
    QCOMPARE(body.value("model"_L1).toString(), u"gpt-4o-2024-08-06"_s);
    QCOMPARE(body.value("stream"_L1).toBool(), true);
    QVERIFY(QString::fromUtf8(request.body).contains(prompt));
}

QTEST_GUILESS_MAIN(TestOpenAiEndToEnd)
#include "tst_openai_e2e.moc"
