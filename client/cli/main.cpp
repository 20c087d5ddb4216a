// palaver-cli: a console client for scripts and the headless demo. See CliRunner.

#include "cli/clirunner.h"
#include "net/tlstrust.h"
#include "session/serverurl.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;
using palaver::client::CliOptions;
using palaver::client::CliRunner;

namespace {

int usageError(const QString& text)
{
    std::fprintf(stderr, "palaver-cli: %s\n(see palaver-cli --help)\n", text.toUtf8().constData());
    return CliRunner::Usage;
}

} // namespace

int main(int argc, char* argv[])
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(u"palaver-cli"_s);
    QCoreApplication::setOrganizationName(u"Palaver"_s);

    QCommandLineParser parser;
    parser.setApplicationDescription(
        u"Signs in to a Palaver server, starts a conversation, sends each --say in turn and "
        "prints the assistant's replies as they stream."_s);
    parser.addHelpOption();
    const QCommandLineOption server(u"server"_s,
        u"Server address: host:port (tries wss:// first, then ws:// when the server speaks no "
        "TLS; loopback: ws://), or wss://host:port, ws://host:port/v1/ws, http(s)://host:port."_s,
        u"url"_s);
    const QCommandLineOption caFile(u"ca-file"_s,
        u"Also trust the CA certificates in FILE (PEM), for a server with a private CA."_s,
        u"FILE"_s);
    const QCommandLineOption trustFingerprint(u"trust-fingerprint"_s,
        u"Accept the server certificate with this SHA-256 fingerprint (64 hex digits, colons "
        "allowed) even if no CA vouches for it."_s,
        u"SHA256"_s);
    const QCommandLineOption username(u"username"_s, u"Account name."_s, u"name"_s);
    const QCommandLineOption passwordStdin(
        u"password-stdin"_s, u"Read the password from the first line of standard input."_s);
    const QCommandLineOption passwordEnv(
        u"password-env"_s, u"Read the password from environment variable VAR."_s, u"VAR"_s);
    const QCommandLineOption title(u"title"_s, u"Title of the new conversation."_s, u"title"_s);
    const QCommandLineOption say(
        u"say"_s, u"A message to send (repeat for a multi-turn conversation)."_s, u"text"_s);
    const QCommandLineOption printFinal(u"print-final"_s,
        u"Print only the final stored text of the last reply (no streaming, no prompts)."_s);
    const QCommandLineOption timeout(u"timeout"_s,
        u"Give up after this many seconds (default 120, 0 = never)."_s, u"seconds"_s, u"120"_s);
    parser.addOptions({ server, username, passwordStdin, passwordEnv, title, say, printFinal,
        timeout, caFile, trustFingerprint });
    parser.process(app);

    CliOptions options;
    const auto address = palaver::client::parseServerAddress(parser.value(server));
    if (!address)
        return usageError(parser.isSet(server)
                ? u"“%1” is not a server address"_s.arg(parser.value(server))
                : u"--server is required"_s);
    options.servers = palaver::client::connectCandidates(*address);
    options.caFile = parser.value(caFile);
    if (parser.isSet(trustFingerprint)) {
        const auto fingerprint
            = palaver::client::TlsTrust::parseFingerprint(parser.value(trustFingerprint));
        if (!fingerprint)
            return usageError(u"--trust-fingerprint needs a SHA-256 fingerprint (64 hex digits)"_s);
        options.trustFingerprint = *fingerprint;
    }
    options.username = parser.value(username);
    if (options.username.isEmpty())
        return usageError(u"--username is required"_s);
    if (parser.isSet(passwordStdin) == parser.isSet(passwordEnv))
        return usageError(u"give exactly one of --password-stdin and --password-env"_s);
    if (parser.isSet(passwordStdin)) {
        QTextStream in(stdin);
        options.password = in.readLine();
    } else {
        options.password
            = qEnvironmentVariable(parser.value(passwordEnv).toLocal8Bit().constData());
    }
    if (options.password.isEmpty())
        return usageError(u"the password is empty"_s);
    options.title = parser.value(title);
    options.messages = parser.values(say);
    for (const auto& text : std::as_const(options.messages)) {
        if (text.trimmed().isEmpty())
            return usageError(u"--say needs a non-empty text"_s);
    }
    if (options.messages.isEmpty())
        return usageError(u"give at least one --say"_s);
    options.printFinal = parser.isSet(printFinal);
    bool ok = false;
    options.timeoutSeconds = parser.value(timeout).toInt(&ok);
    if (!ok || options.timeoutSeconds < 0)
        return usageError(u"--timeout needs a number of seconds"_s);

    CliRunner runner(options);
    // Queued: exit() before exec() has started would be lost.
    QObject::connect(
        &runner, &CliRunner::finished, &app, &QCoreApplication::exit, Qt::QueuedConnection);
    runner.start();
    return app.exec();
}
