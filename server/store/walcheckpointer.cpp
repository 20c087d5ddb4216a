#include "store/walcheckpointer.h"

#include "log/categories.h"
#include "log/logevent.h"

#include <QSqlDatabase>
#include <QSqlError>
#include <QSqlQuery>
#include <QThread>
#include <QTimer>

#include <functional>

namespace palaver::server {

using namespace Qt::Literals::StringLiterals;

namespace {

QAtomicInt connectionCounter;

/// What runs on the checkpointer's thread: its connection and its timer. Made and destroyed
/// there (a QSqlDatabase connection belongs to the thread that opened it).
class CheckpointJob : public QObject
{
public:
    CheckpointJob(const QString& path, int intervalMs, std::function<void()> done)
        : m_name(u"palaver-checkpoint-%1"_s.arg(connectionCounter.fetchAndAddRelaxed(1)))
        , m_done(std::move(done))
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(u"QSQLITE"_s, m_name);
        db.setDatabaseName(path);
        if (!db.open()) {
            LogEvent(lcStore(), QtWarningMsg,
                u"checkpoints stay with the hub: %1"_s.arg(db.lastError().text()));
            return;
        }
        m_timer.setInterval(intervalMs);
        connect(&m_timer, &QTimer::timeout, this, &CheckpointJob::checkpoint);
        m_timer.start();
    }

    ~CheckpointJob() override
    {
        m_timer.stop();
        {
            QSqlDatabase db = QSqlDatabase::database(m_name, false);
            if (db.isValid())
                db.close();
        }
        QSqlDatabase::removeDatabase(m_name);
    }

private:
    void checkpoint()
    {
        QSqlQuery query(QSqlDatabase::database(m_name, false));
        // PASSIVE: copies what no reader still needs and waits for nobody (SQLite never calls
        // the busy handler in this mode); what it could not copy waits for the next tick.
        if (query.exec(u"PRAGMA wal_checkpoint(PASSIVE)"_s))
            m_done();
    }

    QString m_name;
    std::function<void()> m_done;
    QTimer m_timer;
};

} // namespace

WalCheckpointer::WalCheckpointer(QString databasePath, int intervalMs)
    : m_path(std::move(databasePath))
    , m_intervalMs(intervalMs)
{ }

WalCheckpointer::~WalCheckpointer()
{
    stop();
}

void WalCheckpointer::start()
{
    if (m_thread)
        return;
    m_thread = new QThread;
    m_thread->setObjectName(u"palaver-checkpoint"_s);
    const QString path = m_path;
    const int intervalMs = m_intervalMs;
    connect(
        m_thread, &QThread::started, m_thread,
        [this, path, intervalMs] {
            // On the new thread (a direct call from started()): the job lives and dies there.
            auto* job = new CheckpointJob(path, intervalMs, [this] {
                m_completed.fetchAndAddRelaxed(1);
                emit checkpointed();
            });
            connect(QThread::currentThread(), &QThread::finished, job, &QObject::deleteLater);
        },
        Qt::DirectConnection);
    m_thread->start();
}

void WalCheckpointer::stop()
{
    if (!m_thread)
        return;
    m_thread->quit();
    m_thread->wait();
    delete m_thread;
    m_thread = nullptr;
}

} // namespace palaver::server
