#include "coldstart.h"

#include "benchapp.h"
#include "clock.h"
#include "procstats.h"

#include <QCoreApplication>
#include <QProcess>
#include <QQuickWindow>
#include <QTemporaryDir>

#include <algorithm>
#include <atomic>
#include <cstdio>
#include <unistd.h>

using namespace Qt::Literals::StringLiterals;

namespace clientbench {

namespace {
constexpr int kChildTimeoutMs = 60000;

struct ProbeResult
{
    double firstFrameMs = 0;
    std::int64_t rssKb = 0;
    std::string error;
};

ProbeResult probeOnce(const QString& program)
{
    QTemporaryDir home;
    QProcess child;
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.insert(u"PALAVER_CLIENTBENCH_HOME"_s, home.path());
    child.setProcessEnvironment(environment);
    child.setProcessChannelMode(QProcess::ForwardedErrorChannel);
    const std::int64_t startNs = loadgen::nowNs();
    child.start(program, { u"--"_s + QString::fromLatin1(kProbeFlag) });
    if (!child.waitForFinished(kChildTimeoutMs)) {
        child.kill();
        child.waitForFinished();
        return { 0, 0, "the probe did not finish" };
    }
    if (child.exitStatus() != QProcess::NormalExit || child.exitCode() != 0)
        return { 0, 0, "the probe failed (exit " + std::to_string(child.exitCode()) + ")" };
    const QStringList words = QString::fromUtf8(child.readAllStandardOutput()).split(u' ');
    bool ok = words.size() == 3 && words.at(0) == u"first-frame"_s;
    const std::int64_t frameNs = ok ? words.at(1).toLongLong(&ok) : 0;
    const std::int64_t rssKb = ok ? words.at(2).trimmed().toLongLong(&ok) : 0;
    if (!ok || frameNs <= startNs)
        return { 0, 0, "the probe did not report its first frame" };
    return { loadgen::toMs(frameNs - startNs), rssKb, {} };
}
} // namespace

loadgen::Row runColdStart(const QString& program, int repetitions)
{
    loadgen::Row row;
    row.scenario = "client-coldstart";
    row.dialect = "palaver-qml";
    row.params.add("repetitions", repetitions);
    std::vector<double> ms;
    std::int64_t rssKb = 0;
    for (int rep = 0; rep < repetitions; ++rep) {
        const ProbeResult result = probeOnce(program);
        if (!result.error.empty()) {
            row.invalidate(result.error);
            return row;
        }
        ms.push_back(result.firstFrameMs);
        rssKb = std::max(rssKb, result.rssKb);
    }
    std::sort(ms.begin(), ms.end());
    row.figures.add("first_frame_min_ms", ms.front())
        .add("first_frame_median_ms", ms[ms.size() / 2])
        .add("first_frame_max_ms", ms.back())
        .add("rss_at_first_frame_kb", rssKb);
    return row;
}

int runFirstFrameProbe()
{
    BenchApp app;
    QString error;
    if (!app.load(&error)) {
        std::fprintf(stderr, "palaver-clientbench: %s\n", qPrintable(error));
        return 1;
    }
    // Timed where the frame is swapped (the render loop may be threaded), then the child goes.
    QObject::connect(
        app.window(), &QQuickWindow::frameSwapped, app.window(),
        [] {
            static std::atomic<bool> reported { false };
            if (reported.exchange(true))
                return;
            const std::int64_t now = loadgen::nowNs();
            const std::int64_t rss = loadgen::processRssBytes(getpid()).value_or(0) / 1024;
            std::printf("first-frame %lld %lld\n", static_cast<long long>(now),
                static_cast<long long>(rss));
            std::fflush(stdout);
            QMetaObject::invokeMethod(
                QCoreApplication::instance(), [] { QCoreApplication::exit(0); },
                Qt::QueuedConnection);
        },
        Qt::DirectConnection);
    return QCoreApplication::exec();
}

} // namespace clientbench
