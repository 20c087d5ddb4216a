// Keeps docs/protocol.md true: every example in it decodes with the real codec, as the side it is
// marked for, and every message type the codec knows is shown at least once.

#include "protocol/codec.h"

#include <QFile>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

namespace {

struct Example
{
    QString side; // "client" or "server"
    QByteArray json;
    int line = 0;
};

QList<Example> examplesIn(const QString& path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return {};
    const QString text = QString::fromUtf8(file.readAll());
    static const QRegularExpression block(
        u"```json (client|server)\\n(.*?)```"_s, QRegularExpression::DotMatchesEverythingOption);
    QList<Example> examples;
    for (auto it = block.globalMatch(text); it.hasNext();) {
        const QRegularExpressionMatch match = it.next();
        examples.append({ match.captured(1), match.captured(2).toUtf8(),
            int(QStringView(text).left(match.capturedStart()).count(u'\n')) + 1 });
    }
    return examples;
}

} // namespace

class TestProtocolDoc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyExampleDecodes();
    void everyTypeIsDocumented();

private:
    QList<Example> m_examples = examplesIn(QStringLiteral(PALAVER_PROTOCOL_DOC));
};

void TestProtocolDoc::everyExampleDecodes()
{
    QVERIFY2(m_examples.size() > 20, "docs/protocol.md should hold the examples");
    for (const Example& example : m_examples) {
        const QString where = u"docs/protocol.md line %1: "_s.arg(example.line);
        if (example.side == u"client") {
            const auto decoded = decodeClientMessage(example.json);
            QVERIFY2(decoded.ok(), qPrintable(where + decoded.error.message));
        } else {
            const auto decoded = decodeServerMessage(example.json);
            QVERIFY2(decoded.ok(), qPrintable(where + decoded.error.message));
        }
    }
}

void TestProtocolDoc::everyTypeIsDocumented()
{
    QSet<QString> clientTypes;
    QSet<QString> serverTypes;
    for (const Example& example : std::as_const(m_examples)) {
        if (example.side == u"client")
            clientTypes.insert(typeName(*decodeClientMessage(example.json).message));
        else
            serverTypes.insert(typeName(*decodeServerMessage(example.json).message));
    }
    // Every alternative of the variants: a default-constructed one names its type.
    auto checkAll = [](auto variant, const QSet<QString>& documented) {
        using Variant = decltype(variant);
        QStringList missing;
        [&]<std::size_t... I>(std::index_sequence<I...>)
        {
            ((documented.contains(typeName(Variant(std::variant_alternative_t<I, Variant> {})))
                     ? void()
                     : missing.append(
                         typeName(Variant(std::variant_alternative_t<I, Variant> {})))),
                ...);
        }
        (std::make_index_sequence<std::variant_size_v<Variant>> {});
        return missing;
    };
    const QStringList missingClient = checkAll(ClientMessage {}, clientTypes);
    const QStringList missingServer = checkAll(ServerMessage {}, serverTypes);
    QVERIFY2(missingClient.isEmpty(),
        qPrintable(u"client types without an example: "_s + missingClient.join(u", ")));
    QVERIFY2(missingServer.isEmpty(),
        qPrintable(u"server types without an example: "_s + missingServer.join(u", ")));
}

QTEST_GUILESS_MAIN(TestProtocolDoc)
#include "tst_protocol_doc.moc"
