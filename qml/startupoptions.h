#pragma once

#include <QString>
#include <QStringList>

namespace palaver::client {
class ClientSession;
}

namespace palaver::ui {

/// What the `palaver` command line asked for.
struct StartupOptions
{
    QString serverUrl;
    QString username;
    bool passwordFromStdin = false;
    /// Save a PNG of the window here after `screenshotDelayMs`, then quit.
    QString screenshotFile;
    int screenshotDelayMs = 1500;

    bool signsInAutomatically() const { return !serverUrl.isEmpty() && !username.isEmpty(); }
};

/// The outcome of parsing: options, or an error for the user, or a request for help/version.
struct ParsedCommandLine
{
    StartupOptions options;
    QString errorText;
    /// --help or --version: print `output` and exit successfully.
    bool exitEarly = false;
    QString output;
};

/// Parses `arguments` (including the program name, as QCoreApplication::arguments()).
ParsedCommandLine parseCommandLine(const QStringList& arguments);

/// Signs in with the command line's credentials, or else resumes a remembered session.
void startSession(palaver::client::ClientSession& session, const StartupOptions& options,
    const QString& password);

} // namespace palaver::ui
