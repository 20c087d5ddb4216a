#include "app/commandline.h"

#include <QTemporaryDir>
#include <QTest>

using namespace palaver::server;
using namespace Qt::Literals::StringLiterals;

namespace {
CommandLine parse(QStringList args, const QStringList& env = {})
{
    args.prepend(u"palaver-server"_s);
    return CommandLine::parse(args, env);
}
} // namespace

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void defaults()
    {
        const CommandLine c = parse({});
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QCOMPARE(c.config.address, QHostAddress(QHostAddress::LocalHost));
        QCOMPARE(c.config.port, quint16(8765));
        QCOMPARE(c.config.llm.kind, LlmConfig::Kind::Demo);
        QVERIFY(!c.config.dataDir.isEmpty());
    }

    void options()
    {
        const CommandLine c = parse({ u"--listen"_s, u"0.0.0.0:0"_s, u"--data-dir"_s, u"/tmp/x"_s,
            u"--workers"_s, u"3"_s, u"--llm-kind"_s, u"openai"_s, u"--llm-model"_s, u"m1"_s,
            u"--demo-tokens-per-second"_s, u"7"_s });
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QCOMPARE(c.config.address, QHostAddress(QHostAddress::AnyIPv4));
        QCOMPARE(c.config.port, quint16(0));
        QCOMPARE(c.config.dataDir, u"/tmp/x"_s);
        QCOMPARE(c.config.workers, 3);
        QCOMPARE(c.config.llm.kind, LlmConfig::Kind::OpenAi);
        QCOMPARE(c.config.llm.baseUrl, QUrl(u"https://api.openai.com/v1"_s));
        QCOMPARE(c.config.llm.model, u"m1"_s);
        QCOMPARE(c.config.llm.demoTokensPerSecond, 7);
    }

    void otherKinds()
    {
        CommandLine c = parse({ u"--llm-kind"_s, u"ollama"_s });
        QCOMPARE(c.config.llm.kind, LlmConfig::Kind::Ollama);
        QCOMPARE(c.config.llm.baseUrl, QUrl(u"http://127.0.0.1:11434"_s));
        c = parse({ u"--llm-kind"_s, u"anthropic"_s },
            { u"OPENAI_API_KEY=openai"_s, u"ANTHROPIC_API_KEY=anthropic"_s });
        QCOMPARE(c.config.llm.kind, LlmConfig::Kind::Anthropic);
        QCOMPARE(c.config.llm.baseUrl, QUrl(u"https://api.anthropic.com/v1"_s));
        QCOMPARE(c.config.llm.apiKey, u"anthropic"_s);
    }

    void errors_data()
    {
        QTest::addColumn<QStringList>("args");
        QTest::newRow("bad listen") << QStringList { u"--listen"_s, u"nonsense"_s };
        QTest::newRow("bad port") << QStringList { u"--listen"_s, u"127.0.0.1:99999"_s };
        QTest::newRow("bad kind") << QStringList { u"--llm-kind"_s, u"magic"_s };
        QTest::newRow("bad workers") << QStringList { u"--workers"_s, u"0"_s };
        QTest::newRow("unknown option") << QStringList { u"--frobnicate"_s };
        QTest::newRow("add without stdin") << QStringList { u"user"_s, u"add"_s, u"bob"_s };
        QTest::newRow("unknown command") << QStringList { u"serve"_s };
        QTest::newRow("missing config") << QStringList { u"--config"_s, u"/nonexistent/x.ini"_s };
    }

    void errors()
    {
        QFETCH(QStringList, args);
        const CommandLine c = parse(args);
        QCOMPARE(c.action, CommandLine::Action::Error);
        QVERIFY(!c.error.isEmpty());
    }

    void userCommands()
    {
        CommandLine c = parse({ u"user"_s, u"add"_s, u"bob"_s, u"--password-stdin"_s });
        QCOMPARE(c.action, CommandLine::Action::UserAdd);
        QCOMPARE(c.userName, u"bob"_s);
        c = parse({ u"user"_s, u"list"_s });
        QCOMPARE(c.action, CommandLine::Action::UserList);
        c = parse({ u"user"_s, u"remove"_s, u"bob"_s });
        QCOMPARE(c.action, CommandLine::Action::UserRemove);
    }

    void configFileAndPrecedence()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(u"palaver.ini"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[server]\nlisten=127.0.0.1:9000\ndata-dir=/srv/palaver\nworkers=4\n"
                   "max-text-chars=1000\n[llm]\nkind=openai\nurl=http://127.0.0.1:11434/v1\n"
                   "model=llama3\napi-key=fromfile\ntemperature=0.5\nmax-tokens=300\n");
        file.close();

        CommandLine c = parse({ u"--config"_s, path });
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QCOMPARE(c.config.port, quint16(9000));
        QCOMPARE(c.config.dataDir, u"/srv/palaver"_s);
        QCOMPARE(c.config.workers, 4);
        QCOMPARE(c.config.limits.maxTextChars, 1000);
        QCOMPARE(c.config.llm.kind, LlmConfig::Kind::OpenAi);
        QCOMPARE(c.config.llm.baseUrl, QUrl(u"http://127.0.0.1:11434/v1"_s));
        QCOMPARE(c.config.llm.model, u"llama3"_s);
        QCOMPARE(c.config.llm.apiKey, u"fromfile"_s);
        QCOMPARE(c.config.llm.temperature, std::optional<double>(0.5));
        QCOMPARE(c.config.llm.maxTokens, std::optional<int>(300));

        // The command line wins over the file, the environment over the file's key.
        c = parse({ u"--config"_s, path, u"--listen"_s, u"127.0.0.1:9001"_s, u"--llm-model"_s,
                      u"other"_s },
            { u"OPENAI_API_KEY=openai"_s });
        QCOMPARE(c.config.port, quint16(9001));
        QCOMPARE(c.config.llm.model, u"other"_s);
        QCOMPARE(c.config.llm.apiKey, u"openai"_s);
        c = parse({ u"--config"_s, path },
            { u"OPENAI_API_KEY=openai"_s, u"PALAVER_LLM_API_KEY=palaver"_s });
        QCOMPARE(c.config.llm.apiKey, u"palaver"_s);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
