#include "startupoptions.h"

#include "net/tlstrust.h"
#include "session/clientsession.h"

#include <QCommandLineParser>
#include <QCoreApplication>
#include <QSslConfiguration>

using namespace Qt::Literals::StringLiterals;

namespace palaver::ui {

ParsedCommandLine parseCommandLine(const QStringList& arguments)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Palaver: a desktop AI chat client."_s);
    const QCommandLineOption help = parser.addHelpOption();
    const QCommandLineOption version = parser.addVersionOption();
    const QCommandLineOption server(u"server"_s,
        u"Sign in to the server at URL (for example ws://127.0.0.1:8765/v1/ws)."_s, u"URL"_s);
    const QCommandLineOption username(u"username"_s, u"Sign in as NAME."_s, u"NAME"_s);
    const QCommandLineOption passwordStdin(
        u"password-stdin"_s, u"Read the password from the first line of standard input."_s);
    const QCommandLineOption screenshot(u"screenshot"_s,
        u"Save a PNG of the window to FILE after a delay, then quit."_s, u"FILE"_s);
    const QCommandLineOption screenshotDelay(u"screenshot-delay-ms"_s,
        u"Milliseconds to wait before --screenshot (default 1500)."_s, u"N"_s);
    const QCommandLineOption caFile(u"ca-file"_s,
        u"Also trust the CA certificates in FILE (PEM), for a server with a private CA."_s,
        u"FILE"_s);
    parser.addOptions({ server, username, passwordStdin, screenshot, screenshotDelay, caFile });

    ParsedCommandLine result;
    if (!parser.parse(arguments)) {
        result.errorText = parser.errorText();
        return result;
    }
    if (parser.isSet(help)) {
        result.exitEarly = true;
        result.output = parser.helpText();
        return result;
    }
    if (parser.isSet(version)) {
        result.exitEarly = true;
        result.output = QCoreApplication::applicationName() + u' '
            + QCoreApplication::applicationVersion() + u'\n';
        return result;
    }
    if (!parser.positionalArguments().isEmpty()) {
        result.errorText = u"Unexpected argument: %1"_s.arg(parser.positionalArguments().first());
        return result;
    }

    StartupOptions& options = result.options;
    options.serverUrl = parser.value(server).trimmed();
    options.username = parser.value(username).trimmed();
    options.passwordFromStdin = parser.isSet(passwordStdin);
    options.screenshotFile = parser.value(screenshot);
    options.caFile = parser.value(caFile);
    if (parser.isSet(screenshotDelay)) {
        bool ok = false;
        options.screenshotDelayMs = parser.value(screenshotDelay).toInt(&ok);
        if (!ok || options.screenshotDelayMs < 0) {
            result.errorText
                = u"--screenshot-delay-ms needs a number of milliseconds, not \"%1\""_s.arg(
                    parser.value(screenshotDelay));
            return result;
        }
    }
    if (options.serverUrl.isEmpty() != options.username.isEmpty()) {
        result.errorText = u"--server and --username go together"_s;
        return result;
    }
    if (options.passwordFromStdin && !options.signsInAutomatically()) {
        result.errorText = u"--password-stdin needs --server and --username"_s;
        return result;
    }
    return result;
}

QString trustCaFile(const QString& path)
{
    palaver::client::TlsTrust trust; // starts from the default configuration
    const QString error = trust.addCaFile(path);
    if (error.isEmpty())
        QSslConfiguration::setDefaultConfiguration(trust.configuration());
    return error;
}

void startSession(
    palaver::client::ClientSession& session, const StartupOptions& options, const QString& password)
{
    if (options.signsInAutomatically())
        session.signIn(options.serverUrl, options.username, password);
    else if (session.hasRememberedSession())
        session.resumeSession();
}

} // namespace palaver::ui
