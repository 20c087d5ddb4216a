#include "ai/demomodel.h"
#include "ai/modelregistry.h"
#include "ai/provider.h"

#include <QTest>

using namespace Qt::Literals::StringLiterals;
using namespace palaver::server;

namespace {
ModelSpec spec(const QString& id, LlmConfig::Kind kind, bool isDefault = false)
{
    ModelSpec result;
    result.id = id;
    result.name = id.toUpper();
    result.llm.kind = kind;
    result.llm.model = id + u"-upstream"_s;
    result.llm.baseUrl = QUrl(u"http://127.0.0.1:1/v1"_s);
    result.isDefault = isDefault;
    return result;
}
} // namespace

/// Several models with one default; lookups by id fall back to the default.
class TestModelRegistry : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fromSpecs()
    {
        const ModelRegistry registry = ModelRegistry::fromSpecs(
            { spec(u"a"_s, LlmConfig::Kind::OpenAi), spec(u"b"_s, LlmConfig::Kind::Anthropic, true),
                spec(u"c"_s, LlmConfig::Kind::Ollama, true) });
        QCOMPARE(registry.models(),
            (QList<palaver::protocol::ModelInfo> {
                { u"a"_s, u"A"_s, false }, { u"b"_s, u"B"_s, true }, { u"c"_s, u"C"_s, false } }));
        QCOMPARE(registry.defaultEntry().spec.id, u"b"_s);
        QVERIFY(registry.find(u"c"_s));
        QCOMPARE(registry.find(u"c"_s)->spec.llm.kind, LlmConfig::Kind::Ollama);
        QVERIFY(registry.find(u"c"_s)->provider);
        QVERIFY(!registry.find(u"nope"_s));
        QCOMPARE(registry.resolve(u"a"_s).spec.id, u"a"_s);
        QCOMPARE(registry.resolve(u"nope"_s).spec.id, u"b"_s);
        QCOMPARE(registry.resolve(QString()).spec.id, u"b"_s);
        QCOMPARE(registry.idList(), u"a, b, c"_s);
    }

    void firstIsDefaultWhenNoneIsMarked()
    {
        const ModelRegistry registry = ModelRegistry::fromSpecs(
            { spec(u"x"_s, LlmConfig::Kind::OpenAi), spec(u"y"_s, LlmConfig::Kind::OpenAi) });
        QCOMPARE(registry.defaultEntry().spec.id, u"x"_s);
        QVERIFY(registry.models().first().isDefault);
    }

    void emptyMeansDemo()
    {
        const ModelRegistry registry = ModelRegistry::fromSpecs({});
        QCOMPARE(registry.models().size(), 1);
        QCOMPARE(registry.models().first().id, u"demo"_s);
        QVERIFY(registry.models().first().isDefault);
    }

    void single()
    {
        const ModelRegistry registry
            = ModelRegistry::single(std::make_unique<DemoModel>(LlmConfig {}));
        QCOMPARE(registry.models(),
            (QList<palaver::protocol::ModelInfo> { { u"demo"_s, u"Demo (offline)"_s, true } }));
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "tst_modelregistry.moc"
