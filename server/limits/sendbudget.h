#pragma once

#include <QAtomicInteger>
#include <QtGlobal>

namespace palaver::server {

/// The bytes queued for sending on all connections together, shared by every worker thread and
/// read by the hub: stalled readers cannot sum up past half the budget, and replies pause reading
/// their upstream while the queues are full (the upstream is read at the pace of its readers).
class SendBudget
{
public:
    explicit SendBudget(qint64 budgetBytes)
        : m_budget(budgetBytes)
    { }

    void add(qint64 bytes) { m_used.fetchAndAddRelaxed(bytes); }
    void release(qint64 bytes) { m_used.fetchAndAddRelaxed(-bytes); }
    qint64 used() const { return m_used.loadRelaxed(); }
    qint64 budget() const { return m_budget; }
    /// Over half the budget: producers (replies reading their upstream) wait, and connections
    /// that stalled are dropped (Session).
    bool congested() const { return used() > m_budget / 2; }

private:
    const qint64 m_budget;
    QAtomicInteger<qint64> m_used { 0 };
};

} // namespace palaver::server
