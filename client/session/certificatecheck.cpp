#include "session/certificatecheck.h"

using namespace Qt::Literals::StringLiterals;

namespace palaver::client {

CertificateCheck::CertificateCheck(QObject* parent)
    : QObject(parent)
{ }

QString CertificateCheck::alternativeNames() const
{
    return m_problem.alternativeNames().join(u", "_s);
}

QString CertificateCheck::validity() const
{
    return present() ? m_problem.validity() : QString();
}

void CertificateCheck::show(const CertificateProblem& problem)
{
    m_problem = problem;
    Q_EMIT changed();
}

void CertificateCheck::clear()
{
    if (!present())
        return;
    m_problem = CertificateProblem();
    Q_EMIT changed();
}

} // namespace palaver::client
