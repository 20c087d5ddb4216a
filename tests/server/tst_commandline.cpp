#include "app/commandline.h"

#include <QFile>
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

/// Writes `contents` to an INI file in `dir` and returns its path.
QString writeIni(const QTemporaryDir& dir, const QByteArray& contents)
{
    const QString path = dir.filePath(u"palaver.ini"_s);
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly))
        qFatal("cannot write %s", qPrintable(path));
    file.write(contents);
    return path;
}

const QByteArray twoModels = R"([model.gpt4o]
name = GPT-4o
kind = openai
model = gpt-4o
api-key-env = MY_OPENAI_KEY
temperature = 0.3
max-tokens = 1000
max-tokens-field = max_completion_tokens
context-tokens = 100000
connect-timeout-ms = 5000

[model.local]
name = Llama (local)
kind = ollama
model = llama3.1
default = true
)";
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
        QTest::newRow("negative grace") << QStringList { u"--shutdown-grace-ms"_s, u"-1"_s };
        QTest::newRow("grace not a number") << QStringList { u"--shutdown-grace-ms"_s, u"soon"_s };
        QTest::newRow("reset without stdin")
            << QStringList { u"user"_s, u"reset-password"_s, u"bob"_s };
        QTest::newRow("disable without name") << QStringList { u"user"_s, u"disable"_s };
        QTest::newRow("revoke without name") << QStringList { u"token"_s, u"revoke"_s };
        QTest::newRow("unknown token command") << QStringList { u"token"_s, u"forget"_s, u"bob"_s };
        QTest::newRow("negative token check")
            << QStringList { u"--token-check-interval-ms"_s, u"-5"_s };
    }

    void errors()
    {
        QFETCH(QStringList, args);
        const CommandLine c = parse(args);
        QCOMPARE(c.action, CommandLine::Action::Error);
        QVERIFY(!c.error.isEmpty());
    }

    void shutdownGrace()
    {
        QCOMPARE(parse({}).config.shutdownGraceMs, 10000);
        QCOMPARE(parse({ u"--shutdown-grace-ms"_s, u"0"_s }).config.shutdownGraceMs, 0);
        QTemporaryDir dir;
        const QString path = dir.filePath(u"grace.ini"_s);
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("[server]\nshutdown-grace-ms = 2500\n");
        file.close();
        QCOMPARE(parse({ u"--config"_s, path }).config.shutdownGraceMs, 2500);
        // The command line wins over the file.
        QCOMPARE(parse({ u"--config"_s, path, u"--shutdown-grace-ms"_s, u"700"_s })
                     .config.shutdownGraceMs,
            700);
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
        c = parse({ u"user"_s, u"disable"_s, u"bob"_s });
        QCOMPARE(c.action, CommandLine::Action::UserDisable);
        QCOMPARE(c.userName, u"bob"_s);
        c = parse({ u"user"_s, u"enable"_s, u"bob"_s });
        QCOMPARE(c.action, CommandLine::Action::UserEnable);
        c = parse({ u"user"_s, u"reset-password"_s, u"bob"_s, u"--password-stdin"_s });
        QCOMPARE(c.action, CommandLine::Action::UserResetPassword);
        QCOMPARE(c.userName, u"bob"_s);
        c = parse({ u"user"_s, u"unlock"_s, u"bob"_s });
        QCOMPARE(c.action, CommandLine::Action::UserUnlock);
        QCOMPARE(c.userName, u"bob"_s);
        QVERIFY(c.isAdminCommand());
        c = parse({ u"token"_s, u"revoke"_s, u"carol"_s });
        QCOMPARE(c.action, CommandLine::Action::TokenRevoke);
        QCOMPARE(c.userName, u"carol"_s);
        QVERIFY(c.isAdminCommand());
        c = parse({ u"token"_s, u"list"_s, u"carol"_s });
        QCOMPARE(c.action, CommandLine::Action::TokenList);
        QVERIFY(!parse({}).isAdminCommand());
    }

    void registrationAndTokenChecks()
    {
        const CommandLine defaults = parse({});
        QCOMPARE(defaults.config.openRegistration, false);
        QCOMPARE(defaults.config.tokenCheckIntervalMs, 5000);
        const CommandLine c
            = parse({ u"--open-registration"_s, u"--token-check-interval-ms"_s, u"250"_s });
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QCOMPARE(c.config.openRegistration, true);
        QCOMPARE(c.config.tokenCheckIntervalMs, 250);

        QTemporaryDir dir;
        const QString path = writeIni(dir,
            "[server]\nopen-registration = true\ntoken-check-interval-ms = 1000\n"
            "token-lifetime-days = 7\n");
        const CommandLine fromFile = parse({ u"--config"_s, path });
        QCOMPARE(fromFile.action, CommandLine::Action::Serve);
        QCOMPARE(fromFile.config.openRegistration, true);
        QCOMPARE(fromFile.config.tokenCheckIntervalMs, 1000);
        QCOMPARE(fromFile.config.tokenLifetimeSeconds, qint64(7 * 24 * 3600));
        const QString bad = writeIni(dir, "[server]\ntoken-lifetime-days = 0\n");
        QCOMPARE(parse({ u"--config"_s, bad }).action, CommandLine::Action::Error);
    }

    void tlsFiles()
    {
        QCOMPARE(parse({}).config.tls.enabled(), false);
        QTemporaryDir dir;
        // Relative paths are the config file's neighbours; absolute ones stay.
        const QString path = writeIni(dir,
            "[server]\nlisten = 0.0.0.0:443\n[tls]\ncertificate = live/fullchain.pem\n"
            "key = /etc/palaver/privkey.pem\n");
        const CommandLine fromFile = parse({ u"--config"_s, path });
        QCOMPARE(fromFile.action, CommandLine::Action::Serve);
        QCOMPARE(fromFile.config.tls.certificate, dir.filePath(u"live/fullchain.pem"_s));
        QCOMPARE(fromFile.config.tls.key, u"/etc/palaver/privkey.pem"_s);
        QVERIFY(fromFile.config.tls.enabled());

        const CommandLine options = parse({ u"--config"_s, path, u"--tls-certificate"_s,
            u"/a/cert.pem"_s, u"--tls-key"_s, u"/a/key.pem"_s });
        QCOMPARE(options.config.tls.certificate, u"/a/cert.pem"_s);
        QCOMPARE(options.config.tls.key, u"/a/key.pem"_s);

        for (const QStringList& half : { QStringList { u"--tls-certificate"_s, u"/a/c.pem"_s },
                 QStringList { u"--tls-key"_s, u"/a/k.pem"_s } }) {
            const CommandLine c = parse(half);
            QCOMPARE(c.action, CommandLine::Action::Error);
            QVERIFY2(c.error.contains(u"both a certificate and a key"_s), qPrintable(c.error));
        }
        const QString keyOnly = writeIni(dir, "[tls]\nkey = privkey.pem\n");
        QCOMPARE(parse({ u"--config"_s, keyOnly }).action, CommandLine::Action::Error);
        QVERIFY(parse({}).helpText.contains(u"--tls-certificate"_s));
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

    void modelSections()
    {
        QTemporaryDir dir;
        const QString path = writeIni(dir, twoModels);
        const CommandLine c = parse({ u"--config"_s, path }, { u"MY_OPENAI_KEY=sk-from-env"_s });
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QVERIFY(!c.config.detectModels);
        QCOMPARE(c.config.models.size(), 2);
        const ModelSpec& gpt = c.config.models.at(0);
        QCOMPARE(gpt.id, u"gpt4o"_s);
        QCOMPARE(gpt.name, u"GPT-4o"_s);
        QCOMPARE(gpt.llm.kind, LlmConfig::Kind::OpenAi);
        QCOMPARE(gpt.llm.baseUrl, QUrl(u"https://api.openai.com/v1"_s)); // the kind's default
        QCOMPARE(gpt.llm.model, u"gpt-4o"_s);
        QCOMPARE(gpt.llm.apiKey, u"sk-from-env"_s);
        QCOMPARE(gpt.apiKeyEnv, u"MY_OPENAI_KEY"_s);
        QCOMPARE(gpt.llm.temperature, std::optional<double>(0.3));
        QCOMPARE(gpt.llm.maxTokens, std::optional<int>(1000));
        QCOMPARE(gpt.llm.maxTokensField, u"max_completion_tokens"_s);
        QCOMPARE(gpt.llm.connectTimeoutMs, 5000);
        QCOMPARE(gpt.contextTokens, 100000);
        QVERIFY(!gpt.isDefault);
        const ModelSpec& local = c.config.models.at(1);
        QCOMPARE(local.id, u"local"_s);
        QCOMPARE(local.llm.kind, LlmConfig::Kind::Ollama);
        QCOMPARE(local.llm.baseUrl, QUrl(u"http://127.0.0.1:11434"_s));
        QVERIFY(local.llm.apiKey.isEmpty());
        QVERIFY(local.isDefault);

        // --llm-* options describe one model that replaces the file's.
        const CommandLine one = parse({ u"--config"_s, path, u"--llm-kind"_s, u"demo"_s });
        QCOMPARE(one.config.models.size(), 1);
        QCOMPARE(one.config.models.first().id, u"demo"_s);
    }

    void badModelSections_data()
    {
        QTest::addColumn<QByteArray>("ini");
        QTest::addColumn<QString>("phrase");
        QTest::newRow("no kind") << "[model.x]\nmodel = m\n"_ba << u"[model.x] needs kind"_s;
        QTest::newRow("bad kind") << "[model.x]\nkind = magic\n"_ba << u"[model.x] kind"_s;
        QTest::newRow("bad temperature")
            << "[model.x]\nkind = openai\ntemperature = hot\n"_ba << u"temperature"_s;
        QTest::newRow("bad max tokens")
            << "[model.x]\nkind = openai\nmax-tokens = 0\n"_ba << u"max-tokens"_s;
        QTest::newRow("bad budget")
            << "[model.x]\nkind = openai\ncontext-tokens = lots\n"_ba << u"context-tokens"_s;
    }

    void badModelSections()
    {
        QFETCH(QByteArray, ini);
        QFETCH(QString, phrase);
        QTemporaryDir dir;
        const CommandLine c = parse({ u"--config"_s, writeIni(dir, ini) });
        QCOMPARE(c.action, CommandLine::Action::Error);
        QVERIFY2(c.error.contains(phrase), qPrintable(c.error));
    }

    void singleLlmOptions()
    {
        const CommandLine c = parse({ u"--llm-kind"_s, u"openai"_s, u"--llm-url"_s,
            u"http://127.0.0.1:8080/v1"_s, u"--llm-model"_s, u"qwen"_s, u"--llm-temperature"_s,
            u"0.2"_s, u"--llm-max-tokens"_s, u"512"_s, u"--llm-max-tokens-field"_s,
            u"max_completion_tokens"_s });
        QCOMPARE(c.action, CommandLine::Action::Serve);
        QCOMPARE(c.config.llm.temperature, std::optional<double>(0.2));
        QCOMPARE(c.config.llm.maxTokens, std::optional<int>(512));
        QCOMPARE(c.config.llm.maxTokensField, u"max_completion_tokens"_s);
        QVERIFY(!c.config.detectModels);
        QCOMPARE(c.config.models.size(), 1);
        const ModelSpec& spec = c.config.models.first();
        QCOMPARE(spec.id, u"qwen"_s);
        QVERIFY(spec.isDefault);
        QCOMPARE(spec.llm.baseUrl, QUrl(u"http://127.0.0.1:8080/v1"_s));
        QCOMPARE(spec.llm.maxTokens, std::optional<int>(512));

        // Without --llm-url, the kind's usual base URL.
        QCOMPARE(parse({ u"--llm-kind"_s, u"anthropic"_s }).config.models.first().llm.baseUrl,
            QUrl(u"https://api.anthropic.com/v1"_s));

        for (const QStringList& bad : { QStringList { u"--llm-temperature"_s, u"warm"_s },
                 QStringList { u"--llm-max-tokens"_s, u"-3"_s },
                 QStringList { u"--llm-max-tokens-field"_s, QString() } })
            QCOMPARE(parse(bad).action, CommandLine::Action::Error);
    }

    void detectionOnlyWithoutConfig()
    {
        // Nothing configured: detect at start-up.
        CommandLine c = parse({});
        QVERIFY(c.config.detectModels);
        QVERIFY(c.config.models.isEmpty());
        // --no-detect: the demo model alone.
        c = parse({ u"--no-detect"_s });
        QVERIFY(!c.config.detectModels);
        QCOMPARE(c.config.models.size(), 1);
        QCOMPARE(c.config.models.first().id, u"demo"_s);
        // Any LLM setting is a configuration.
        QVERIFY(!parse({ u"--llm-kind"_s, u"demo"_s }).config.detectModels);
        QTemporaryDir dir;
        c = parse({ u"--config"_s, writeIni(dir, "[llm]\nkind = ollama\nmodel = llama3.1\n") });
        QVERIFY(!c.config.detectModels);
        QCOMPARE(c.config.models.size(), 1);
        QCOMPARE(c.config.models.first().id, u"llama3.1"_s);
        QCOMPARE(c.config.models.first().llm.kind, LlmConfig::Kind::Ollama);
        // A config file with only a [server] section configures no model.
        c = parse({ u"--config"_s, writeIni(dir, "[server]\nworkers = 2\n") });
        QVERIFY(c.config.detectModels);
    }
};

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
