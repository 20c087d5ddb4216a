#include "findings.h"

#include "scriptedclient.h"
#include "servertruth.h"

#include <QHash>
#include <QSet>

using namespace palaver;
using namespace palaver::client;
using namespace Qt::Literals::StringLiterals;

namespace {
QString statusName(protocol::MessageStatus status)
{
    return protocol::wireName(status);
}

/// A text short enough for a report line.
QString oneLine(const QString& text)
{
    return text.simplified().left(80);
}

/// "alice-laptop message 1 (seed 5), reply 3f2a… interrupted, …": rows named for a report.
QString describe(const ServerTruth& truth, const QStringList& keys)
{
    QStringList names;
    for (const QString& key : keys) {
        const int user = truth.rowOfClientMsgId(key);
        const int reply = truth.rowOf(key);
        if (user >= 0)
            names << truth.rows.at(user).text.section(u" (seed"_s, 0, 0);
        else if (reply >= 0)
            names << u"reply %1 %2"_s.arg(key.left(8), statusName(truth.rows.at(reply).status));
        else
            names << u"unknown %1"_s.arg(key.left(8));
    }
    return names.join(u", "_s);
}

} // namespace

void checkServer(const ServerTruth& truth, const QList<ScriptedClient*>& devices, Findings& f)
{
    QSet<QString> typedIds;
    for (ScriptedClient* device : devices) {
        int lastRow = -1;
        for (const auto& typed : device->typed()) {
            typedIds.insert(typed.clientMsgId);
            const int count = truth.countClientMsgId(typed.clientMsgId);
            if (count == 0) {
                ++f.losses;
                f.problems << u"server lost \"%1\" typed on %2"_s.arg(typed.text, device->name());
                continue;
            }
            if (count > 1) {
                f.duplicates += count - 1;
                f.problems << u"server stored \"%1\" %2 times"_s.arg(typed.text).arg(count);
            }
            const int row = truth.rowOfClientMsgId(typed.clientMsgId);
            if (truth.rows.at(row).text != typed.text)
                f.problems << u"server text of \"%1\" is \"%2\""_s.arg(
                    typed.text, truth.rows.at(row).text);
            if (row < lastRow)
                f.problems << u"server has \"%1\" before the message %2 typed earlier"_s.arg(
                    typed.text, device->name());
            lastRow = row;
        }
    }
    int users = 0;
    int replies = 0;
    for (const ServerTruth::Row& row : truth.rows) {
        if (!row.assistant) {
            ++users;
            if (!typedIds.contains(row.clientMsgId)) {
                ++f.duplicates;
                f.problems << u"server has a message nobody typed: \"%1\""_s.arg(row.text);
            }
            continue;
        }
        ++replies;
        if (!row.ended) {
            f.problems << u"reply %1 never ended"_s.arg(row.msgId);
        } else if (row.status == protocol::MessageStatus::Complete) {
            ++f.complete;
            if (row.text != row.expected)
                f.problems << u"complete reply %1 differs from the demo text: \"%2\""_s.arg(
                    row.msgId, oneLine(row.text));
        } else if (row.status == protocol::MessageStatus::Interrupted) {
            ++f.interrupted;
            if (!row.expected.startsWith(row.text))
                f.problems << u"interrupted reply %1 is not a prefix of the demo text: \"%2\""_s
                                  .arg(row.msgId, oneLine(row.text));
        } else {
            f.problems << u"reply %1 ended %2"_s.arg(row.msgId, statusName(row.status));
        }
    }
    f.unanswered += qMax(0, users - replies);
}

void checkDevice(const ServerTruth& truth, ScriptedClient* device, Findings& f)
{
    MessageListModel& model = device->messages();
    QStringList shown;
    QHash<QString, int> seen;
    for (int r = 0; r < model.rowCount(); ++r) {
        const protocol::ChatMessage m = model.messageAt(r);
        const bool assistant = m.author.kind == protocol::AuthorKind::Assistant;
        const QString key = assistant ? m.msgId : m.clientMsgId;
        if (++seen[key] > 1) {
            ++f.duplicates;
            f.problems << u"%1 shows \"%2\" twice"_s.arg(device->name(), m.text.left(40));
            continue;
        }
        shown << key;
        const int row = assistant ? truth.rowOf(key) : truth.rowOfClientMsgId(key);
        if (row < 0) {
            f.problems << u"%1 shows \"%2\", which the server does not have"_s.arg(
                device->name(), m.text.left(40));
            continue;
        }
        const ServerTruth::Row& stored = truth.rows.at(row);
        const QString text = model.index(r).data(MessageListModel::TextRole).toString();
        const QString status = model.index(r).data(MessageListModel::StatusRole).toString();
        if (text != stored.text)
            f.problems << u"%1 shows \"%2\" where the server has \"%3\""_s.arg(
                device->name(), text.left(60), stored.text.left(60));
        if (status != statusName(stored.status))
            f.problems << u"%1 shows %2 as %3, the server as %4"_s.arg(
                device->name(), stored.text.left(30), status, statusName(stored.status));
    }
    QStringList expected;
    for (const ServerTruth::Row& row : truth.rows) {
        const QString key = row.assistant ? row.msgId : row.clientMsgId;
        expected << key;
        if (!seen.contains(key)) {
            ++f.losses;
            f.problems << u"%1 does not show \"%2\""_s.arg(device->name(), row.text.left(40));
        }
    }
    if (shown != expected && f.problems.isEmpty())
        f.problems << u"%1 shows the messages in another order than the server: shown [%2], "
                      "server [%3]"_s.arg(
                          device->name(), describe(truth, shown), describe(truth, expected));
}
