#include "docexamples.h"

#include <QFile>
#include <QRegularExpression>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

QList<DocExample> docExamplesIn(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression block(
        u"```json (client|server)\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    QList<DocExample> examples;
    for (auto it = block.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        examples.append({ match.captured(1), match.captured(2).toUtf8(),
            int(QStringView(text).left(match.capturedStart()).count(u'\n')) + 1 });
    }
    return examples;
}

} // namespace palaver::testing
