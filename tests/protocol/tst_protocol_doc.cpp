// Keeps docs/protocol.md true: every example in it decodes with the real codec, as the side it is
// marked for, and every message type the codec knows is shown at least once.

#include "docexamples.h"
#include "protocol/codec.h"

#include <QSet>
#include <QTest>

using namespace palaver::protocol;
using namespace Qt::Literals::StringLiterals;

using palaver::testing::DocExample;
using palaver::testing::docExamplesIn;

class TestProtocolDoc : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void everyExampleDecodes();
    void everyTypeIsDocumented();

private:
    QList<DocExample> m_examples = docExamplesIn(QStringLiteral(PALAVER_PROTOCOL_DOC));
};

void TestProtocolDoc::everyExampleDecodes()
{
    QVERIFY2(m_examples.size() > 20, "docs/protocol.md should hold the examples");
    for (const DocExample& example : m_examples) {
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
    for (const DocExample& example : std::as_const(m_examples)) {
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
