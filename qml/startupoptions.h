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
    /// Also trust the CA certificates in this PEM file (a server with a private CA).
    QString caFile;

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

/// Adds the CA certificates of `path` to the process's default TLS configuration, which every
/// connection and check of the client starts from. Returns an error text, empty on success.
QString trustCaFile(const QString& path);

/// Signs in with the command line's credentials, or else resumes a remembered session.
void startSession(palaver::client::ClientSession& session, const StartupOptions& options,
    const QString& password);

} // namespace palaver::ui
