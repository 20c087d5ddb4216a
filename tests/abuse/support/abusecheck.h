#pragma once

#include <QString>
#include <QtGlobal>
#include <functional>

/// What the abuse suite judges and reports. Each attack prints its figures as
/// `FIGURE <attack> <name> <value>` lines (always), so the same run measures any build:
/// PALAVER_ABUSE_SERVER_BINARY names the palaver-server to attack (default: the one built next to
/// the test), and PALAVER_ABUSE_REPORT=1 reports a broken bound (a `BOUND` warning) instead of
/// failing, for before/after figures against a server without the limits.
namespace palaver::abuse {

/// The palaver-server binary under attack.
QString serverBinaryPath();
/// True with PALAVER_ABUSE_REPORT=1: bounds are reported, not asserted.
bool reportMode();

/// Prints `FIGURE attack name value`.
void figure(const char* attack, const char* name, const QString& value);
void figure(const char* attack, const char* name, qint64 value);

/// A bound: like QVERIFY2 normally, a logged `BOUND broken` line in report mode. False when the
/// test must stop (a failed QVERIFY).
bool checkBound(
    bool ok, const char* statement, const QString& description, const char* file, int line);

/// Lets events run until `done` or `timeoutMs`; the test then judges what it sees (an attack's
/// figure is taken either way).
void settle(const std::function<bool()>& done, int timeoutMs);

/// The resident set (VmRSS) of process `pid` in KiB, or -1 when it cannot be read.
qint64 residentKiB(qint64 pid);
/// User plus system CPU time process `pid` has used, in milliseconds (-1 when unreadable).
qint64 cpuMs(qint64 pid);

} // namespace palaver::abuse

/// Asserts a bound of the attack (reported, not failed, in report mode).
#define ABUSE_BOUND(statement, description)                                                        \
    do {                                                                                           \
        if (!palaver::abuse::checkBound(                                                           \
                bool(statement), #statement, (description), __FILE__, __LINE__))                   \
            return;                                                                                \
    } while (false)
