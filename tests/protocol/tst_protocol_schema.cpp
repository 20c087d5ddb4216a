// Keeps docs/protocol.schema.json true to the codec, so the two cannot drift apart:
// - the schema's message types, stored event types and enums are exactly the codec's;
// - every message, filled in and encoded by the codec, validates, and so does every example of
//   docs/protocol.md, each against its side's union;
// - what the schema requires is what the decoder requires: taking out a required property makes
//   the decoder refuse the frame, and taking out any other leaves it accepted;
// - for every frame one small edit away from those (a field removed, retyped, emptied, one past
//   its maxLength or bounds, another enum name), the schema and the decoder give the same verdict.

#include "docexamples.h"
#include "jsonedits.h"
#include "jsonschema.h"
#include "samplemessages.h"

#include "protocol/codec.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>
#include <QSet>
#include <QTest>

using namespace palaver::protocol;
using namespace palaver::testing;
using namespace Qt::Literals::StringLiterals;

namespace {

const QString kClientUnion = u"#/$defs/ClientMessage"_s;
const QString kServerUnion = u"#/$defs/ServerMessage"_s;

QJsonObject schemaFile()
{
    QFile file(QStringLiteral(PALAVER_PROTOCOL_SCHEMA));
    if (!file.open(QIODevice::ReadOnly))
        return {};
    return QJsonDocument::fromJson(file.readAll()).object();
}

QJsonObject objectOf(const QByteArray& frame)
{
    return QJsonDocument::fromJson(frame).object();
}

QByteArray frameOf(const QJsonObject& object)
{
    return QJsonDocument(object).toJson(QJsonDocument::Compact);
}

/// Whether the codec takes `frame` from `side` ("client" or "server"), and why not.
std::pair<bool, QString> decoderVerdict(const QString& side, const QByteArray& frame)
{
    if (side == u"client") {
        const auto decoded = decodeClientMessage(frame);
        return { decoded.ok(), decoded.error.message };
    }
    const auto decoded = decodeServerMessage(frame);
    return { decoded.ok(), decoded.error.message };
}

/// The `type` names of every alternative of a variant (each default-constructed names its own).
template<typename Variant> QSet<QString> codecTypes()
{
    QSet<QString> types;
    [&]<std::size_t... I>(std::index_sequence<I...>)
    {
        (types.insert(typeName(Variant(std::variant_alternative_t<I, Variant> {}))), ...);
    }
    (std::make_index_sequence<std::variant_size_v<Variant>> {});
    return types;
}

/// The wire names of an enum: every value the codec names (enum classes are int-based, so
/// values past the last are valid and name nothing, or fall back to a listed name).
template<typename Enum, typename Name> QSet<QString> codecNames(Name name)
{
    QSet<QString> names;
    for (int i = 0; i < 64; ++i) {
        const QString wire = name(static_cast<Enum>(i));
        if (!wire.isEmpty())
            names.insert(wire);
    }
    return names;
}

QSet<QString> setOf(const QStringList& list)
{
    return QSet<QString>(list.begin(), list.end());
}

QString listed(const QSet<QString>& set)
{
    QStringList list(set.begin(), set.end());
    list.sort();
    return list.join(u", ");
}

/// Whether `schemaPath` is a definition itself ("#/$defs/Name"), not a part of one.
bool isDefinition(const QString& schemaPath)
{
    static const QRegularExpression definition(u"^#/\\$defs/[^/]+$"_s);
    return definition.match(schemaPath).hasMatch();
}

} // namespace

class TestProtocolSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void typesMatchTheCodec();
    void storedEventsMatchTheCodec();
    void enumsMatchTheCodec();
    void everyTypeHasASample();
    void samplesValidate_data();
    void samplesValidate();
    void docExamplesValidate();
    void serverInfoValidates();
    void everyDefinitionIsExercised();
    void requiredMatchesTheDecoder_data();
    void requiredMatchesTheDecoder();
    void oneEditAwayBothAgree_data();
    void oneEditAwayBothAgree();

private:
    /// `type` name → definition, for each branch of a oneOf of $refs (a union of messages).
    QMap<QString, QString> typesOf(const QString& unionPath);
    QString unionFor(const QString& side) const
    {
        return side == u"client" ? kClientUnion : kServerUnion;
    }
    enum class Examples { With, Without };
    /// One row per encoded sample, and per example of docs/protocol.md `With` them: side, frame.
    void addFrameRows(Examples examples);

    JsonSchema m_schema { schemaFile() };
    QList<DocExample> m_examples = docExamplesIn(QStringLiteral(PALAVER_PROTOCOL_DOC));
};

void TestProtocolSchema::initTestCase()
{
    QVERIFY2(m_schema.resolve(u"#/$defs"_s).isObject(),
        "docs/protocol.schema.json should be a JSON object with $defs");
    QVERIFY2(m_schema.problems().isEmpty(), qPrintable(m_schema.problems().join(u'\n')));
    QVERIFY2(m_examples.size() > 20, "docs/protocol.md should hold the examples");
}

QMap<QString, QString> TestProtocolSchema::typesOf(const QString& unionPath)
{
    QMap<QString, QString> types;
    const QJsonArray branches = m_schema.resolve(unionPath + u"/oneOf"_s).toArray();
    for (const QJsonValue& branch : branches) {
        const QString ref = branch.toObject().value(u"$ref"_s).toString();
        const QJsonValue type = m_schema.resolve(ref + u"/properties/type/const"_s);
        const QJsonArray required = m_schema.resolve(ref + u"/required"_s).toArray();
        if (!type.isString() || !required.contains(u"type"_s)) {
            QTest::qFail(qPrintable(u"%1: every branch should be a $ref to a message with a "
                                    "required `type` const; %2 is not"_s.arg(unionPath, ref)),
                __FILE__, __LINE__);
            return {};
        }
        if (types.contains(type.toString()))
            QTest::qFail(
                qPrintable(u"%1: two branches have type %2"_s.arg(unionPath, type.toString())),
                __FILE__, __LINE__);
        types.insert(type.toString(), ref);
    }
    return types;
}

void TestProtocolSchema::typesMatchTheCodec()
{
    const QSet<QString> schemaClient = setOf(typesOf(kClientUnion).keys());
    const QSet<QString> schemaServer = setOf(typesOf(kServerUnion).keys());
    const QSet<QString> codecClient = codecTypes<ClientMessage>();
    const QSet<QString> codecServer = codecTypes<ServerMessage>();
    QVERIFY2((codecClient - schemaClient).isEmpty(),
        qPrintable(
            u"client types missing from the schema: "_s + listed(codecClient - schemaClient)));
    QVERIFY2((schemaClient - codecClient).isEmpty(),
        qPrintable(
            u"client types the codec does not know: "_s + listed(schemaClient - codecClient)));
    QVERIFY2((codecServer - schemaServer).isEmpty(),
        qPrintable(
            u"server types missing from the schema: "_s + listed(codecServer - schemaServer)));
    QVERIFY2((schemaServer - codecServer).isEmpty(),
        qPrintable(
            u"server types the codec does not know: "_s + listed(schemaServer - codecServer)));
}

void TestProtocolSchema::storedEventsMatchTheCodec()
{
    QCOMPARE(listed(setOf(typesOf(u"#/$defs/StoredEvent"_s).keys())), listed(codecTypes<Event>()));
}

void TestProtocolSchema::enumsMatchTheCodec()
{
    const QList<std::pair<QString, QSet<QString>>> enums {
        { u"ConversationKind"_s,
            codecNames<ConversationKind>([](ConversationKind v) { return wireName(v); }) },
        { u"AuthorKind"_s, codecNames<AuthorKind>([](AuthorKind v) { return wireName(v); }) },
        { u"MessageStatus"_s,
            codecNames<MessageStatus>([](MessageStatus v) { return wireName(v); }) },
        { u"FinishReason"_s, codecNames<FinishReason>([](FinishReason v) { return wireName(v); }) },
        { u"GenerationState"_s,
            codecNames<GenerationState>([](GenerationState v) { return wireName(v); }) },
        { u"MemberRole"_s, codecNames<MemberRole>([](MemberRole v) { return wireName(v); }) },
        { u"PresenceState"_s,
            codecNames<PresenceState>([](PresenceState v) { return wireName(v); }) },
        { u"RemovalReason"_s,
            codecNames<RemovalReason>([](RemovalReason v) { return wireName(v); }) },
        { u"AnnouncementLevel"_s,
            codecNames<AnnouncementLevel>([](AnnouncementLevel v) { return wireName(v); }) },
        { u"ErrorCode"_s, codecNames<ErrorCode>(errorCodeName) },
    };
    for (const auto& [definition, names] : enums) {
        QStringList schemaNames;
        for (const QJsonValue& name :
            m_schema.resolve(u"#/$defs/%1/enum"_s.arg(definition)).toArray())
            schemaNames.append(name.toString());
        QVERIFY2(!names.isEmpty(), qPrintable(definition));
        QCOMPARE(u"%1: %2"_s.arg(definition, listed(setOf(schemaNames))),
            u"%1: %2"_s.arg(definition, listed(names)));
    }
}

void TestProtocolSchema::everyTypeHasASample()
{
    QSet<std::size_t> client;
    QSet<std::size_t> server;
    for (const auto& sample : clientSamples())
        client.insert(sample.message.index());
    for (const auto& sample : serverSamples())
        server.insert(sample.message.index());
    QCOMPARE(client.size(), qsizetype(std::variant_size_v<ClientMessage>));
    QCOMPARE(server.size(), qsizetype(std::variant_size_v<ServerMessage>));
}

void TestProtocolSchema::addFrameRows(Examples examples)
{
    QTest::addColumn<QString>("side");
    QTest::addColumn<QByteArray>("frame");
    for (const auto& sample : clientSamples())
        QTest::addRow("client %s", qPrintable(sample.name))
            << u"client"_s << encode(sample.message);
    for (const auto& sample : serverSamples())
        QTest::addRow("server %s", qPrintable(sample.name))
            << u"server"_s << encode(sample.message);
    if (examples == Examples::Without)
        return;
    for (const DocExample& example : std::as_const(m_examples))
        QTest::addRow("protocol.md line %d", example.line) << example.side << example.json;
}

void TestProtocolSchema::samplesValidate_data()
{
    addFrameRows(Examples::Without);
}

void TestProtocolSchema::samplesValidate()
{
    QFETCH(QString, side);
    QFETCH(QByteArray, frame);
    const JsonSchema::Result result = m_schema.validate(objectOf(frame), unionFor(side));
    QVERIFY2(
        result.valid(), qPrintable(QString::fromUtf8(frame) + u"\n"_s + result.errors.join(u'\n')));
    // The frame validates as the definition its type names, not only as some branch of the union.
    const QString type = objectOf(frame).value(u"type"_s).toString();
    const QString definition = typesOf(unionFor(side)).value(type);
    QVERIFY2(!definition.isEmpty(), qPrintable(type));
    QVERIFY(m_schema.validate(objectOf(frame), definition).valid());
    // The other side's union does not take it for one of its own unless the codec does.
    const QString other = side == u"client" ? u"server"_s : u"client"_s;
    QCOMPARE(m_schema.validate(objectOf(frame), unionFor(other)).valid(),
        decoderVerdict(other, frame).first);
}

void TestProtocolSchema::docExamplesValidate()
{
    for (const DocExample& example : std::as_const(m_examples)) {
        const QJsonDocument document = QJsonDocument::fromJson(example.json);
        QVERIFY2(document.isObject(), qPrintable(u"protocol.md line %1"_s.arg(example.line)));
        const JsonSchema::Result result
            = m_schema.validate(document.object(), unionFor(example.side));
        QVERIFY2(result.valid(),
            qPrintable(u"docs/protocol.md line %1 (%2): %3"_s.arg(example.line)
                           .arg(example.side, result.errors.join(u'\n'))));
    }
}

void TestProtocolSchema::serverInfoValidates()
{
    // GET /v1/info answers with the same object as welcome.server.
    const QByteArray body = encodeServerInfo({ u"palaver-server"_s, u"0.1.0"_s, true });
    const JsonSchema::Result result = m_schema.validate(objectOf(body), u"#/$defs/ServerInfo"_s);
    QVERIFY2(result.valid(), qPrintable(result.errors.join(u'\n')));
    QVERIFY(
        !m_schema.validate(QJsonObject { { u"name"_s, u"x"_s } }, u"#/$defs/ServerInfo"_s).valid());
    QVERIFY(!decodeServerInfo(R"({"name":"x"})"));
}

void TestProtocolSchema::everyDefinitionIsExercised()
{
    // A definition no sample reaches would be checked by nothing below.
    QSet<QString> reached;
    auto collect = [&](const QString& side, const QByteArray& frame) {
        for (const JsonSchema::Applied& applied :
            m_schema.validate(objectOf(frame), unionFor(side)).applied) {
            if (isDefinition(applied.schemaPath))
                reached.insert(applied.schemaPath.mid(QStringLiteral("#/$defs/").size()));
        }
    };
    for (const auto& sample : clientSamples())
        collect(u"client"_s, encode(sample.message));
    for (const auto& sample : serverSamples())
        collect(u"server"_s, encode(sample.message));
    const QStringList defined = m_schema.resolve(u"#/$defs"_s).toObject().keys();
    const QSet<QString> unreached = setOf(defined) - reached;
    QVERIFY2(unreached.isEmpty(),
        qPrintable(u"definitions no encoded sample reaches: "_s + listed(unreached)));
}

void TestProtocolSchema::requiredMatchesTheDecoder_data()
{
    addFrameRows(Examples::With);
}

void TestProtocolSchema::requiredMatchesTheDecoder()
{
    QFETCH(QString, side);
    QFETCH(QByteArray, frame);
    const JsonSchema::Result result = m_schema.validate(objectOf(frame), unionFor(side));
    QVERIFY2(result.valid(), qPrintable(result.errors.join(u'\n')));
    QVERIFY2(decoderVerdict(side, frame).first, qPrintable(decoderVerdict(side, frame).second));

    QStringList drift;
    int requiredSeen = 0;
    for (const JsonEdit& edit : oneEditAway(objectOf(frame), m_schema, result.applied)) {
        if (edit.kind != JsonEdit::Removal)
            continue;
        // Required by a definition that held there (a message or a shared object), or by any
        // subschema at all (also a conditional one, such as nextCursor with hasMore).
        bool byDefinition = false;
        bool bySomething = false;
        for (const JsonSchema::Applied& applied : result.applied) {
            if (applied.instancePath != edit.parent)
                continue;
            const QJsonArray required
                = m_schema.resolve(applied.schemaPath).toObject().value(u"required"_s).toArray();
            if (required.contains(edit.key)) {
                bySomething = true;
                byDefinition = byDefinition || isDefinition(applied.schemaPath);
            }
        }
        const auto [accepted, why] = decoderVerdict(side, frameOf(edit.frame));
        requiredSeen += byDefinition ? 1 : 0;
        if (byDefinition && accepted)
            drift.append(edit.what + u": the schema requires it, the decoder does not"_s);
        if (!bySomething && !accepted)
            drift.append(
                edit.what + u": the decoder requires it ("_s + why + u"), the schema does not"_s);
    }
    QVERIFY2(drift.isEmpty(), qPrintable(drift.join(u'\n')));
    QVERIFY2(requiredSeen > 0, "every message requires at least its type");
}

void TestProtocolSchema::oneEditAwayBothAgree_data()
{
    addFrameRows(Examples::With);
}

void TestProtocolSchema::oneEditAwayBothAgree()
{
    QFETCH(QString, side);
    QFETCH(QByteArray, frame);
    const JsonSchema::Result result = m_schema.validate(objectOf(frame), unionFor(side));
    QVERIFY2(result.valid(), qPrintable(result.errors.join(u'\n')));

    QStringList drift;
    int accepted = 0;
    int refused = 0;
    for (const JsonEdit& edit : oneEditAway(objectOf(frame), m_schema, result.applied)) {
        const JsonSchema::Result schemaVerdict = m_schema.validate(edit.frame, unionFor(side));
        const auto [decoderAccepts, why] = decoderVerdict(side, frameOf(edit.frame));
        (decoderAccepts ? accepted : refused) += 1;
        if (schemaVerdict.valid() && !decoderAccepts)
            drift.append(edit.what + u": the schema accepts it, the decoder refuses it: "_s + why);
        if (!schemaVerdict.valid() && decoderAccepts)
            drift.append(edit.what + u": the decoder accepts it, the schema refuses it: "_s
                + schemaVerdict.errors.join(u"; "));
    }
    QVERIFY2(drift.isEmpty(), qPrintable(drift.join(u'\n')));
    // Both verdicts occur: neither side is refusing (or accepting) everything.
    QVERIFY(accepted > 0);
    QVERIFY(refused > 0);
}

QTEST_GUILESS_MAIN(TestProtocolSchema)
#include "tst_protocol_schema.moc"
