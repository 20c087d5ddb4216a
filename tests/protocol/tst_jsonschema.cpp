// The test-only JSON Schema validator (support/jsonschema.h) that tst_protocol_schema relies on:
// each keyword of its subset accepts what it should and refuses what it should, a schema using
// anything else is reported instead of half-checked, and errors say where.

#include "jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QTest>

using palaver::testing::JsonSchema;
using namespace Qt::Literals::StringLiterals;

namespace {

QJsonObject object(const QByteArray& json)
{
    const QJsonDocument document = QJsonDocument::fromJson(json);
    if (!document.isObject())
        qFatal("not a JSON object: %s", json.constData());
    return document.object();
}

/// A JSON value of any kind (wrapped in an array to parse scalars).
QJsonValue value(const QByteArray& json)
{
    const QJsonDocument document = QJsonDocument::fromJson("[" + json + "]");
    if (!document.isArray())
        qFatal("not a JSON value: %s", json.constData());
    return document.array().at(0);
}

} // namespace

class TestJsonSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keywords_data();
    void keywords();
    void refsFollowDefinitions();
    void errorsSayWhere();
    void closestBranchIsReported();
    void appliedListsMatchedSubschemasOnly();
    void refCycleEndsWithAnError();
    void schemaProblems_data();
    void schemaProblems();
};

void TestJsonSchema::keywords_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("instance");
    QTest::addColumn<bool>("valid");
    auto row = [](const char* name, const char* schema, const char* instance, bool valid) {
        QTest::newRow(name) << QString::fromUtf8(schema) << QString::fromUtf8(instance) << valid;
    };
    row("true schema", "true", "{\"a\":1}", true);
    row("false schema", "false", "1", false);
    row("empty schema", "{}", "[1,\"x\"]", true);

    row("string: string", R"({"type":"string"})", R"("x")", true);
    row("string: number", R"({"type":"string"})", "1", false);
    row("string: null", R"({"type":"string"})", "null", false);
    row("integer: 3", R"({"type":"integer"})", "3", true);
    row("integer: 3.0", R"({"type":"integer"})", "3.0", true);
    row("integer: 3.5", R"({"type":"integer"})", "3.5", false);
    row("integer: \"3\"", R"({"type":"integer"})", R"("3")", false);
    row("number: 3.5", R"({"type":"number"})", "3.5", true);
    row("number: true", R"({"type":"number"})", "true", false);
    row("boolean: false", R"({"type":"boolean"})", "false", true);
    row("boolean: 0", R"({"type":"boolean"})", "0", false);
    row("object: {}", R"({"type":"object"})", "{}", true);
    row("object: []", R"({"type":"object"})", "[]", false);
    row("array: []", R"({"type":"array"})", "[]", true);
    row("array: {}", R"({"type":"array"})", "{}", false);
    row("null: null", R"({"type":"null"})", "null", true);
    row("either: null", R"({"type":["string","null"]})", "null", true);
    row("either: 1", R"({"type":["string","null"]})", "1", false);

    row("const equal", R"({"const":"login"})", R"("login")", true);
    row("const other", R"({"const":"login"})", R"("logout")", false);
    row("const 1 is 1.0", R"({"const":1})", "1.0", true);
    row("const object, keys reordered", R"({"const":{"a":1,"b":[true]}})", R"({"b":[true],"a":1})",
        true);
    row("const object, value differs", R"({"const":{"a":1}})", R"({"a":2})", false);
    row("enum listed", R"({"enum":["ai","room","dm"]})", R"("dm")", true);
    row("enum unlisted", R"({"enum":["ai","room","dm"]})", R"("group")", false);
    row("enum wrong type", R"({"enum":["1"]})", "1", false);

    row("required present", R"({"required":["a"]})", R"({"a":null})", true);
    row("required missing", R"({"required":["a","b"]})", R"({"a":1})", false);
    row("required ignores non-objects", R"({"required":["a"]})", "1", true);
    row("extra properties allowed", R"({"properties":{"a":{"type":"string"}}})",
        R"({"a":"x","zzz":1})", true);
    row("property of the wrong type", R"({"properties":{"a":{"type":"string"}}})", R"({"a":1})",
        false);
    row("absent property is not checked", R"({"properties":{"a":false}})", R"({"b":1})", true);
    row("nested property", R"({"properties":{"a":{"properties":{"b":{"type":"integer"}}}}})",
        R"({"a":{"b":"x"}})", false);

    row("items all fit", R"({"items":{"type":"integer"}})", "[1,2,3]", true);
    row("items: one does not", R"({"items":{"type":"integer"}})", "[1,2,\"3\"]", false);
    row("minItems met", R"({"minItems":2})", "[1,2]", true);
    row("minItems short", R"({"minItems":2})", "[1]", false);
    row("maxItems met", R"({"maxItems":2})", "[1,2]", true);
    row("maxItems over", R"({"maxItems":2})", "[1,2,3]", false);

    row("maxLength met", R"({"maxLength":3})", R"("abc")", true);
    row("maxLength over", R"({"maxLength":3})", R"("abcd")", false);
    row("maxLength counts an emoji once", R"({"maxLength":1})", R"("👋")", true);
    row("minLength met", R"({"minLength":1})", R"("a")", true);
    row("minLength empty", R"({"minLength":1})", R"("")", false);
    row("lengths ignore non-strings", R"({"maxLength":1})", "12345", true);

    row("minimum inclusive", R"({"minimum":1})", "1", true);
    row("below minimum", R"({"minimum":1})", "0", false);
    row("maximum inclusive", R"({"maximum":9007199254740991})", "9007199254740991", true);
    row("above maximum", R"({"maximum":9007199254740991})", "9007199254740992", false);
    row("bounds ignore non-numbers", R"({"maximum":1})", R"("5")", true);

    const char* oneOf = R"({"oneOf":[{"type":"integer"},{"minimum":0}]})";
    row("oneOf: exactly one", oneOf, "-1", true);
    row("oneOf: two", oneOf, "1", false);
    row("oneOf: none", oneOf, "-0.5", false);
    const char* anyOf = R"({"anyOf":[{"type":"integer"},{"minimum":0}]})";
    row("anyOf: two", anyOf, "1", true);
    row("anyOf: one", anyOf, "0.5", true);
    row("anyOf: none", anyOf, "-0.5", false);
    const char* allOf = R"({"allOf":[{"type":"integer"},{"minimum":0}]})";
    row("allOf: all", allOf, "1", true);
    row("allOf: one fails", allOf, "-1", false);
    row("keywords beside a combinator still apply",
        R"({"type":"object","anyOf":[{"required":["a"]},{"required":["b"]}]})", "[]", false);
}

void TestJsonSchema::keywords()
{
    QFETCH(QString, schema);
    QFETCH(QString, instance);
    QFETCH(bool, valid);
    // Wrapped in a definition so that `true` and `false` are reached through a $ref too.
    const QJsonObject root { { u"$defs"_s, QJsonObject { { u"s"_s, value(schema.toUtf8()) } } },
        { u"$ref"_s, u"#/$defs/s"_s } };
    const JsonSchema validator(root);
    QVERIFY2(validator.problems().isEmpty(), qPrintable(validator.problems().join(u'\n')));
    const JsonSchema::Result result = validator.validate(value(instance.toUtf8()));
    QVERIFY2(result.valid() == valid,
        qPrintable(valid ? result.errors.join(u'\n') : u"accepted, should be refused"_s));
}

void TestJsonSchema::refsFollowDefinitions()
{
    const JsonSchema validator(object(R"({"$defs":{
        "Id":{"type":"string","minLength":1,"maxLength":4},
        "User":{"type":"object","required":["id"],"properties":{"id":{"$ref":"#/$defs/Id"}}},
        "Users":{"type":"array","items":{"$ref":"#/$defs/User"}},
        "a/b~c":{"const":1}}})"));
    QVERIFY(validator.problems().isEmpty());
    QVERIFY(validator.validate(value(R"([{"id":"u1"},{"id":"u2"}])"), u"#/$defs/Users"_s).valid());
    QVERIFY(
        !validator.validate(value(R"([{"id":"u1"},{"id":"u2345"}])"), u"#/$defs/Users"_s).valid());
    QVERIFY(!validator.validate(value(R"([{"id":""}])"), u"#/$defs/Users"_s).valid());
    // JSON Pointer escapes: ~1 is '/', ~0 is '~'.
    QVERIFY(validator.validate(value("1"), u"#/$defs/a~1b~0c"_s).valid());
    QVERIFY(!validator.validate(value("2"), u"#/$defs/a~1b~0c"_s).valid());
    QVERIFY(!validator.validate(value("1"), u"#/$defs/Nobody"_s).valid());
    QVERIFY(validator.resolve(u"#/$defs/Nobody"_s).isUndefined());
    QCOMPARE(validator.resolve(u"#/$defs/Id/maxLength"_s).toInt(), 4);
}

void TestJsonSchema::errorsSayWhere()
{
    const JsonSchema validator(object(R"({"properties":{"events":{"items":{
        "required":["seq"],"properties":{"seq":{"type":"integer"}}}}}})"));
    const JsonSchema::Result result
        = validator.validate(value(R"({"events":[{"seq":1},{"seq":"2"},{}]})"));
    QCOMPARE(result.errors.size(), 2);
    QVERIFY2(result.errors.at(0).startsWith(u"/events/1/seq: "_s), qPrintable(result.errors.at(0)));
    QVERIFY2(result.errors.at(0).endsWith(u"(#/properties/events/items/properties/seq/type)"_s),
        qPrintable(result.errors.at(0)));
    QVERIFY2(result.errors.at(1).startsWith(u"/events/2: missing required property 'seq'"_s),
        qPrintable(result.errors.at(1)));
}

void TestJsonSchema::closestBranchIsReported()
{
    // A union discriminated by `type`: the error names the branch whose type matched.
    const JsonSchema validator(object(R"({"oneOf":[
        {"required":["type"],"properties":{"type":{"const":"ping"}}},
        {"required":["type","token"],"properties":{"type":{"const":"auth"},
         "token":{"type":"string"}}}]})"));
    const JsonSchema::Result result = validator.validate(value(R"({"type":"auth","token":5})"));
    QCOMPARE(result.errors.size(), 1);
    QVERIFY2(result.errors.at(0).contains(u"closest, #1"_s), qPrintable(result.errors.at(0)));
    QVERIFY2(result.errors.at(0).contains(u"/token: 5 is not of type \"string\""_s),
        qPrintable(result.errors.at(0)));
}

void TestJsonSchema::appliedListsMatchedSubschemasOnly()
{
    const JsonSchema validator(object(R"({"$defs":{
        "Short":{"type":"string","maxLength":8},
        "Long":{"type":"string","maxLength":64}},
        "properties":{"a":{"oneOf":[{"$ref":"#/$defs/Short"},{"type":"integer"}]},
                      "b":{"$ref":"#/$defs/Long"}}})"));
    const JsonSchema::Result result = validator.validate(value(R"({"a":"x","b":"y"})"));
    QVERIFY(result.valid());
    QStringList where;
    for (const JsonSchema::Applied& applied : result.applied)
        where.append(applied.instancePath + u" "_s + applied.schemaPath);
    QVERIFY2(where.contains(u"/a #/$defs/Short"_s), qPrintable(where.join(u", ")));
    QVERIFY2(where.contains(u"/b #/$defs/Long"_s), qPrintable(where.join(u", ")));
    QVERIFY2(where.contains(u" #"_s), qPrintable(where.join(u", ")));
    // The integer branch did not match "x", so nothing of it is reported.
    QVERIFY2(!where.contains(u"/a #/properties/a/oneOf/1"_s), qPrintable(where.join(u", ")));
    // An invalid instance reports errors and nothing applied.
    QVERIFY(validator.validate(value(R"({"a":true})")).applied.isEmpty());
}

void TestJsonSchema::refCycleEndsWithAnError()
{
    const JsonSchema validator(object(R"({"$defs":{"A":{"$ref":"#/$defs/B"},
        "B":{"$ref":"#/$defs/A"}},"$ref":"#/$defs/A"})"));
    QVERIFY(validator.problems().isEmpty());
    const JsonSchema::Result result = validator.validate(value("1"));
    QVERIFY(!result.valid());
    QVERIFY2(
        result.errors.join(u'\n').contains(u"$ref cycle"_s), qPrintable(result.errors.join(u'\n')));
}

void TestJsonSchema::schemaProblems_data()
{
    QTest::addColumn<QString>("schema");
    QTest::addColumn<QString>("problem");
    auto row = [](const char* name, const char* schema, const char* problem) {
        QTest::newRow(name) << QString::fromUtf8(schema) << QString::fromUtf8(problem);
    };
    row("unsupported assertion", R"({"properties":{"a":{"pattern":"^x"}}})",
        "#/properties/a/pattern: keyword outside the subset");
    row("additionalProperties", R"({"additionalProperties":false})",
        "#/additionalProperties: keyword outside the subset");
    row("dangling $ref", R"({"items":{"$ref":"#/$defs/Nope"}})", "#/items/$ref: does not resolve");
    row("remote $ref", R"({"$ref":"other.json#/a"})", "#/$ref: does not resolve");
    row("unknown type", R"({"type":"text"})", "#/type: unknown type");
    row("tuple items", R"({"items":[{"type":"string"}]})", "#/items: the array form");
    row("empty oneOf", R"({"oneOf":[]})", "#/oneOf: must be a non-empty array");
    row("negative maxLength", R"({"maxLength":-1})", "#/maxLength: must be a non-negative");
    row("required not names", R"({"required":[1]})", "#/required: must list property names");
    row("a schema that is a number", R"({"$defs":{"A":3}})",
        "#/$defs/A: a schema must be an object or a boolean");
}

void TestJsonSchema::schemaProblems()
{
    QFETCH(QString, schema);
    QFETCH(QString, problem);
    const JsonSchema validator(object(schema.toUtf8()));
    const QString problems = validator.problems().join(u'\n');
    QVERIFY2(problems.contains(problem), qPrintable(problems));
    // A schema the validator does not fully understand validates nothing.
    QVERIFY(!validator.validate(value("{}")).valid());
}

QTEST_GUILESS_MAIN(TestJsonSchema)
#include "tst_jsonschema.moc"
