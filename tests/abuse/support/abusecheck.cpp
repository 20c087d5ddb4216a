#include "abusecheck.h"

#include <QDir>
#include <QFile>
#include <QTest>
#include <unistd.h>

namespace palaver::abuse {

using namespace Qt::Literals::StringLiterals;

QString serverBinaryPath()
{
    const QString chosen = qEnvironmentVariable("PALAVER_ABUSE_SERVER_BINARY");
    if (!chosen.isEmpty())
        return chosen;
    return QDir(QString::fromUtf8(PALAVER_BIN_DIR)).filePath(u"palaver-server"_s);
}

bool reportMode()
{
    return qEnvironmentVariableIntValue("PALAVER_ABUSE_REPORT") == 1;
}

void figure(const char* attack, const char* name, const QString& value)
{
    qInfo("FIGURE %s %s %s", attack, name, qPrintable(value));
}

void figure(const char* attack, const char* name, qint64 value)
{
    figure(attack, name, QString::number(value));
}

bool checkBound(
    bool ok, const char* statement, const QString& description, const char* file, int line)
{
    if (!reportMode())
        return QTest::qVerify(ok, statement, qPrintable(description), file, line);
    if (!ok)
        qWarning("BOUND broken: %s (%s) at %s:%d", statement, qPrintable(description), file, line);
    return true;
}

void settle(const std::function<bool()>& done, int timeoutMs)
{
    if (!QTest::qWaitFor(done, timeoutMs))
        qInfo("settle: still going after %d ms", timeoutMs);
}

namespace {
/// /proc/PID/FILE, or nothing.
QByteArray procFile(qint64 pid, const char* file)
{
    QFile proc(u"/proc/%1/%2"_s.arg(pid).arg(QString::fromLatin1(file)));
    if (!proc.open(QIODevice::ReadOnly))
        return {};
    return proc.readAll();
}
} // namespace

qint64 residentKiB(qint64 pid)
{
    const QByteArray status = procFile(pid, "status");
    for (const QByteArray& line : status.split('\n')) {
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').value(0).toLongLong();
    }
    return -1;
}

qint64 cpuMs(qint64 pid)
{
    const QByteArray stat = procFile(pid, "stat");
    // The command name (field 2) is in parentheses and may hold spaces: count after it.
    const qsizetype close = stat.lastIndexOf(')');
    if (close < 0)
        return -1;
    const QList<QByteArray> fields = stat.mid(close + 2).split(' ');
    // After the name: state is field 3, so utime (14) and stime (15) are at 11 and 12.
    if (fields.size() < 13)
        return -1;
    const qint64 ticks = fields.at(11).toLongLong() + fields.at(12).toLongLong();
    return ticks * 1000 / qMax<long>(1, sysconf(_SC_CLK_TCK));
}

} // namespace palaver::abuse
