// palaver-clientbench: how the real client (its core and Main.qml, offscreen) copes with a long
// streamed reply, a long conversation and a cold start. One JSON row per mode on stdout, in the
// load generator's format (docs/benchmarks.md, "Client").

#include "benchapp.h"
#include "coldstart.h"
#include "openbench.h"
#include "streambench.h"

#include <QCommandLineParser>
#include <QGuiApplication>
#include <QProcess>
#include <QTemporaryDir>

#include <cstdio>

using namespace Qt::Literals::StringLiterals;

namespace {
const QStringList kModes = { u"stream"_s, u"open"_s, u"coldstart"_s };

struct Options
{
    QString mode = u"all"_s;
    bool smoke = false;
    clientbench::StreamOptions stream;
    clientbench::OpenOptions open;
    int coldStarts = 5;
    bool probe = false;
};

/// Option `name`, when given, into `value`: a whole number in [low, high]; false (and why) when
/// it is not one.
bool readBounded(const QCommandLineParser& parser, const QString& name, int low, int high,
    int* value, QString* error)
{
    if (!parser.isSet(name))
        return true;
    bool ok = false;
    const int given = parser.value(name).toInt(&ok);
    if (ok && given >= low && given <= high) {
        *value = given;
        return true;
    }
    *error = u"--%1 takes a whole number from %2 to %3"_s.arg(name).arg(low).arg(high);
    return false;
}

/// Options from the command line; an error text when they do not make sense.
QString parse(const QStringList& arguments, Options* options)
{
    QCommandLineParser parser;
    parser.setApplicationDescription(u"Benchmarks of the Palaver client (docs/benchmarks.md)"_s);
    parser.addHelpOption();
    parser.addOptions({
        { u"mode"_s, u"stream, open, coldstart or all (each in a process of its own)"_s, u"mode"_s,
            u"all"_s },
        { u"smoke"_s, u"tiny sizes, one repetition: checks correctness only"_s },
        { u"reply-chars"_s, u"stream: characters in the reply (default 20000)"_s, u"n"_s },
        { u"tokens-per-second"_s, u"stream: the reply's rate (default 200)"_s, u"n"_s },
        { u"messages"_s, u"open: messages in the conversation (default 10000)"_s, u"n"_s },
        { u"reps"_s, u"open and coldstart: repetitions (default 3 and 5)"_s, u"n"_s },
        { QString::fromLatin1(clientbench::kProbeFlag), u"(internal) the coldstart child"_s },
    });
    if (!parser.parse(arguments))
        return parser.errorText();
    if (parser.isSet(u"help"_s))
        return parser.helpText();
    options->probe = parser.isSet(QString::fromLatin1(clientbench::kProbeFlag));
    options->mode = parser.value(u"mode"_s);
    if (options->mode != u"all"_s && !kModes.contains(options->mode))
        return u"unknown --mode %1"_s.arg(options->mode);
    options->smoke = parser.isSet(u"smoke"_s);
    if (options->smoke) {
        options->stream.replyChars = 400;
        options->open.messages = 300;
        options->open.repetitions = 1;
        options->coldStarts = 1;
    }
    QString error;
    int reps = 0;
    // Bounded by what one message may hold (maxTextChars) and what one run may take.
    if (!readBounded(parser, u"reply-chars"_s, 1, 32000, &options->stream.replyChars, &error)
        || !readBounded(
            parser, u"tokens-per-second"_s, 1, 5000, &options->stream.tokensPerSecond, &error)
        || !readBounded(parser, u"messages"_s, 1, 100000, &options->open.messages, &error)
        || !readBounded(parser, u"reps"_s, 1, 50, &reps, &error))
        return error;
    if (reps > 0)
        options->open.repetitions = options->coldStarts = reps;
    return {};
}

/// `all`: each mode in a child process, so one mode's memory and CPU do not count in another's.
int runEachMode(const QString& program, const QStringList& arguments)
{
    int status = 0;
    for (const QString& mode : kModes) {
        QProcess child;
        child.setProcessChannelMode(QProcess::ForwardedChannels);
        child.start(program, arguments + QStringList { u"--mode"_s, mode });
        if (!child.waitForFinished(-1) || child.exitStatus() != QProcess::NormalExit
            || child.exitCode() != 0) {
            std::fprintf(stderr, "palaver-clientbench: mode %s failed\n", qPrintable(mode));
            status = 1;
        }
    }
    return status;
}
} // namespace

int main(int argc, char* argv[])
{
    QStringList arguments;
    for (int i = 0; i < argc; ++i)
        arguments.append(QString::fromLocal8Bit(argv[i]));
    Options options;
    if (const QString error = parse(arguments, &options); !error.isEmpty()) {
        const bool help = arguments.contains(u"--help"_s) || arguments.contains(u"-h"_s);
        std::fprintf(help ? stdout : stderr, "%s\n", qPrintable(error));
        return help ? 0 : 2;
    }
    // A home of its own (settings, token, cache): every run is a first run.
    QTemporaryDir home;
    const QString given = qEnvironmentVariable("PALAVER_CLIENTBENCH_HOME");
    clientbench::BenchApp::prepareEnvironment(given.isEmpty() ? home.path() : given);
    QGuiApplication app(argc, argv);

    if (options.probe)
        return clientbench::runFirstFrameProbe();
    if (options.mode == u"all"_s) {
        QStringList childArguments = arguments.mid(1);
        return runEachMode(QCoreApplication::applicationFilePath(), childArguments);
    }
    loadgen::Row row;
    if (options.mode == u"stream"_s)
        row = clientbench::runStream(options.stream);
    else if (options.mode == u"open"_s)
        row = clientbench::runOpen(options.open);
    else
        row = clientbench::runColdStart(
            QCoreApplication::applicationFilePath(), options.coldStarts);
    row.params.add("smoke", options.smoke).add("build", PALAVER_CLIENTBENCH_BUILD_TYPE);
    std::printf("%s\n", row.text().c_str());
    std::fflush(stdout);
    return row.valid ? 0 : 1;
}
