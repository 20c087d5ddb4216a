#include "store/groupcommit.h"

#include "log/categories.h"
#include "log/logevent.h"
#include "store/database.h"

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

GroupCommit::GroupCommit(Database& database)
    : m_db(database)
{ }

GroupCommit::~GroupCommit()
{
    // Whoever waited may be gone: what was written is kept, unannounced (a client that sends
    // again gets it acknowledged as a duplicate).
    m_waiting.clear();
    if (m_open)
        m_db.commit();
}

bool GroupCommit::begin()
{
    if (m_open)
        return true;
    m_open = m_db.transaction();
    return m_open;
}

void GroupCommit::afterCommit(Committed committed, Failed failed)
{
    if (!m_open) {
        committed();
        return;
    }
    m_waiting.append(Waiting { std::move(committed), std::move(failed) });
}

bool GroupCommit::commit()
{
    if (!m_open)
        return true;
    m_open = false;
    const bool ok = m_db.commit(); // a failed commit is rolled back (Database::commit)
    if (!ok) {
        LogEvent(lcStore(), QtCriticalMsg,
            u"could not commit %1 stored requests: %2"_s.arg(m_waiting.size())
                .arg(m_db.errorString()))
            .field("requests", m_waiting.size())
            .field("error", m_db.errorString());
    }
    // Taken first: a callback may open the next batch.
    const QList<Waiting> waiting = std::exchange(m_waiting, {});
    const QString error = ok ? QString() : m_db.errorString();
    for (const Waiting& w : waiting) {
        if (ok)
            w.committed();
        else if (w.failed)
            w.failed(error);
    }
    return ok;
}

} // namespace palaver::server
