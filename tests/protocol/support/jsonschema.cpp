#include "jsonschema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QSet>

#include <algorithm>
#include <cmath>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

namespace {

const QSet<QString> kAssertions { u"$ref"_s, u"type"_s, u"const"_s, u"enum"_s, u"required"_s,
    u"properties"_s, u"items"_s, u"minItems"_s, u"maxItems"_s, u"minLength"_s, u"maxLength"_s,
    u"minimum"_s, u"maximum"_s, u"oneOf"_s, u"anyOf"_s, u"allOf"_s };
const QSet<QString> kAnnotations { u"$schema"_s, u"$id"_s, u"$defs"_s, u"$comment"_s, u"title"_s,
    u"description"_s, u"format"_s, u"examples"_s, u"default"_s };
const QSet<QString> kTypes { u"null"_s, u"boolean"_s, u"object"_s, u"array"_s, u"number"_s,
    u"integer"_s, u"string"_s };

// A $ref cycle that consumes no instance would never end.
constexpr int kMaxDepth = 64;

QString escaped(QString token)
{
    return token.replace(u"~"_s, u"~0"_s).replace(u"/"_s, u"~1"_s);
}

QString unescaped(QString token)
{
    return token.replace(u"~1"_s, u"/"_s).replace(u"~0"_s, u"~"_s);
}

QString where(const QString& instancePath)
{
    return instancePath.isEmpty() ? u"(root)"_s : instancePath;
}

bool isInteger(const QJsonValue& value)
{
    const double number = value.toDouble();
    return value.isDouble() && std::isfinite(number) && std::trunc(number) == number;
}

bool hasType(const QJsonValue& value, const QString& type)
{
    if (type == u"integer")
        return isInteger(value);
    if (type == u"number")
        return value.isDouble();
    if (type == u"string")
        return value.isString();
    if (type == u"boolean")
        return value.isBool();
    if (type == u"object")
        return value.isObject();
    if (type == u"array")
        return value.isArray();
    return type == u"null" && value.isNull();
}

/// JSON equality: numbers by value (1 equals 1.0), objects regardless of key order.
bool same(const QJsonValue& a, const QJsonValue& b)
{
    if (a.isDouble() && b.isDouble())
        return a.toDouble() == b.toDouble();
    if (a.type() != b.type())
        return false;
    if (a.isArray()) {
        const QJsonArray x = a.toArray();
        const QJsonArray y = b.toArray();
        if (x.size() != y.size())
            return false;
        for (qsizetype i = 0; i < x.size(); ++i) {
            if (!same(x.at(i), y.at(i)))
                return false;
        }
        return true;
    }
    if (a.isObject()) {
        const QJsonObject x = a.toObject();
        const QJsonObject y = b.toObject();
        if (x.keys() != y.keys())
            return false;
        for (auto it = x.begin(); it != x.end(); ++it) {
            if (!same(it.value(), y.value(it.key())))
                return false;
        }
        return true;
    }
    return a == b;
}

QString compact(const QJsonValue& value)
{
    if (value.isString())
        return u"\""_s + value.toString() + u"\""_s;
    QJsonArray wrapper { value };
    const QByteArray json = QJsonDocument(wrapper).toJson(QJsonDocument::Compact);
    return QString::fromUtf8(json.mid(1, json.size() - 2));
}

bool isNonNegativeInteger(const QJsonValue& value)
{
    return isInteger(value) && value.toDouble() >= 0;
}

} // namespace

struct JsonSchema::Walk
{
    QStringList errors;
    QList<Applied> applied;
    int depth = 0;
    /// Failures of a `const`: a oneOf reports the branch without one (the one whose `type`
    /// matched).
    int constMismatches = 0;

    void fail(const QString& instancePath, const QString& message, const QString& schemaPath)
    {
        errors.append(u"%1: %2 (%3)"_s.arg(where(instancePath), message, schemaPath));
    }
};

JsonSchema::JsonSchema(QJsonObject root)
    : m_root(std::move(root))
{
    audit(m_root, u"#"_s);
}

QJsonValue JsonSchema::resolve(const QString& schemaPath) const
{
    if (schemaPath == u"#")
        return m_root;
    if (!schemaPath.startsWith(u"#/"))
        return QJsonValue(QJsonValue::Undefined);
    QJsonValue node = m_root;
    for (const QString& raw : schemaPath.mid(2).split(u'/')) {
        const QString token = unescaped(raw);
        if (node.isObject() && node.toObject().contains(token)) {
            node = node.toObject().value(token);
        } else if (node.isArray()) {
            bool isIndex = false;
            const int index = token.toInt(&isIndex);
            if (!isIndex || index < 0 || index >= node.toArray().size())
                return QJsonValue(QJsonValue::Undefined);
            node = node.toArray().at(index);
        } else {
            return QJsonValue(QJsonValue::Undefined);
        }
    }
    return node;
}

void JsonSchema::audit(const QJsonValue& schema, const QString& schemaPath)
{
    if (schema.isBool())
        return;
    if (!schema.isObject()) {
        m_problems.append(u"%1: a schema must be an object or a boolean"_s.arg(schemaPath));
        return;
    }
    const QJsonObject object = schema.toObject();
    auto problem = [&](const QString& key, const QString& text) {
        m_problems.append(u"%1/%2: %3"_s.arg(schemaPath, escaped(key), text));
    };
    auto auditMap = [&](const QString& key) {
        const QJsonValue value = object.value(key);
        if (!value.isObject())
            return problem(key, u"must be an object of schemas"_s);
        const QJsonObject map = value.toObject();
        for (auto it = map.begin(); it != map.end(); ++it)
            audit(it.value(), schemaPath + u"/"_s + key + u"/"_s + escaped(it.key()));
    };
    for (auto it = object.begin(); it != object.end(); ++it) {
        const QString& key = it.key();
        const QJsonValue& value = it.value();
        if (!kAssertions.contains(key) && !kAnnotations.contains(key)) {
            problem(key, u"keyword outside the subset this validator checks"_s);
        } else if (key == u"$defs" || key == u"properties") {
            auditMap(key);
        } else if (key == u"items") {
            if (value.isArray())
                problem(key, u"the array form is not 2020-12 (prefixItems) nor supported"_s);
            else
                audit(value, schemaPath + u"/items"_s);
        } else if (key == u"oneOf" || key == u"anyOf" || key == u"allOf") {
            const QJsonArray branches = value.toArray();
            if (!value.isArray() || branches.isEmpty())
                problem(key, u"must be a non-empty array of schemas"_s);
            for (qsizetype i = 0; i < branches.size(); ++i)
                audit(branches.at(i), u"%1/%2/%3"_s.arg(schemaPath, key).arg(i));
        } else if (key == u"$ref") {
            if (!value.isString() || resolve(value.toString()).isUndefined())
                problem(key, u"does not resolve within this document: "_s + compact(value));
        } else if (key == u"type") {
            const QJsonArray types = value.isArray() ? value.toArray() : QJsonArray { value };
            for (const QJsonValue& type : types) {
                if (!kTypes.contains(type.toString()))
                    problem(key, u"unknown type "_s + compact(type));
            }
        } else if (key == u"required") {
            for (const QJsonValue& name : value.toArray()) {
                if (!name.isString())
                    problem(key, u"must list property names"_s);
            }
            if (!value.isArray())
                problem(key, u"must be an array"_s);
        } else if (key == u"enum") {
            if (!value.isArray() || value.toArray().isEmpty())
                problem(key, u"must be a non-empty array"_s);
        } else if (key == u"minimum" || key == u"maximum") {
            if (!value.isDouble())
                problem(key, u"must be a number"_s);
        } else if (key.startsWith(u"min") || key.startsWith(u"max")) {
            if (!isNonNegativeInteger(value))
                problem(key, u"must be a non-negative integer"_s);
        }
    }
}

JsonSchema::Result JsonSchema::validate(const QJsonValue& instance, const QString& schemaPath) const
{
    Result result;
    if (!m_problems.isEmpty()) {
        result.errors = m_problems;
        return result;
    }
    const QJsonValue schema = resolve(schemaPath);
    if (schema.isUndefined()) {
        result.errors.append(u"no schema at "_s + schemaPath);
        return result;
    }
    Walk walk;
    check(instance, schema, QString(), schemaPath, walk);
    result.errors = walk.errors;
    if (result.valid())
        result.applied = walk.applied;
    return result;
}

void JsonSchema::check(const QJsonValue& instance, const QJsonValue& schema,
    const QString& instancePath, const QString& schemaPath, Walk& walk) const
{
    if (schema.isBool()) {
        if (!schema.toBool())
            walk.fail(instancePath, u"the schema false allows nothing"_s, schemaPath);
        return;
    }
    if (walk.depth >= kMaxDepth) {
        walk.fail(instancePath, u"schemas nest deeper than %1 (a $ref cycle?)"_s.arg(kMaxDepth),
            schemaPath);
        return;
    }
    const qsizetype errorsBefore = walk.errors.size();
    ++walk.depth;
    checkObjectSchema(instance, schema.toObject(), instancePath, schemaPath, walk);
    checkCombinators(instance, schema.toObject(), instancePath, schemaPath, walk);
    --walk.depth;
    if (walk.errors.size() == errorsBefore)
        walk.applied.append({ instancePath, schemaPath });
}

void JsonSchema::checkObjectSchema(const QJsonValue& instance, const QJsonObject& schema,
    const QString& instancePath, const QString& schemaPath, Walk& walk) const
{
    auto fail = [&](const QString& keyword, const QString& message) {
        walk.fail(instancePath, message, schemaPath + u"/"_s + escaped(keyword));
    };
    if (schema.contains(u"$ref"_s)) {
        const QString ref = schema.value(u"$ref"_s).toString();
        check(instance, resolve(ref), instancePath, ref, walk);
    }
    if (schema.contains(u"type"_s)) {
        const QJsonValue type = schema.value(u"type"_s);
        const QJsonArray types = type.isArray() ? type.toArray() : QJsonArray { type };
        bool matched = false;
        for (const QJsonValue& candidate : types)
            matched = matched || hasType(instance, candidate.toString());
        if (!matched) {
            fail(u"type"_s, u"%1 is not of type %2"_s.arg(compact(instance), compact(type)));
            return; // the other keywords would only repeat it
        }
    }
    if (schema.contains(u"const"_s) && !same(instance, schema.value(u"const"_s))) {
        ++walk.constMismatches;
        fail(u"const"_s,
            u"%1 is not %2"_s.arg(compact(instance), compact(schema.value(u"const"_s))));
    }
    if (schema.contains(u"enum"_s)) {
        const QJsonArray values = schema.value(u"enum"_s).toArray();
        const bool listed = std::any_of(values.begin(), values.end(),
            [&](const QJsonValue& value) { return same(instance, value); });
        if (!listed)
            fail(u"enum"_s, u"%1 is not one of %2"_s.arg(compact(instance), compact(values)));
    }
    if (instance.isString()) {
        // JSON Schema counts characters (code points), not UTF-16 units.
        const qsizetype length = instance.toString().toUcs4().size();
        if (schema.contains(u"minLength"_s) && length < schema.value(u"minLength"_s).toInteger())
            fail(u"minLength"_s,
                u"%1 characters, fewer than %2"_s.arg(length).arg(
                    schema.value(u"minLength"_s).toInteger()));
        if (schema.contains(u"maxLength"_s) && length > schema.value(u"maxLength"_s).toInteger())
            fail(u"maxLength"_s,
                u"%1 characters, more than %2"_s.arg(length).arg(
                    schema.value(u"maxLength"_s).toInteger()));
    }
    if (instance.isDouble()) {
        const double number = instance.toDouble();
        if (schema.contains(u"minimum"_s) && number < schema.value(u"minimum"_s).toDouble())
            fail(u"minimum"_s,
                u"%1 is below %2"_s.arg(compact(instance), compact(schema.value(u"minimum"_s))));
        if (schema.contains(u"maximum"_s) && number > schema.value(u"maximum"_s).toDouble())
            fail(u"maximum"_s,
                u"%1 is above %2"_s.arg(compact(instance), compact(schema.value(u"maximum"_s))));
    }
    if (instance.isObject()) {
        const QJsonObject object = instance.toObject();
        for (const QJsonValue& name : schema.value(u"required"_s).toArray()) {
            if (!object.contains(name.toString()))
                fail(u"required"_s, u"missing required property '%1'"_s.arg(name.toString()));
        }
        const QJsonObject properties = schema.value(u"properties"_s).toObject();
        for (auto it = properties.begin(); it != properties.end(); ++it) {
            if (object.contains(it.key()))
                check(object.value(it.key()), it.value(), instancePath + u"/"_s + escaped(it.key()),
                    schemaPath + u"/properties/"_s + escaped(it.key()), walk);
        }
    }
    if (instance.isArray()) {
        const QJsonArray array = instance.toArray();
        if (schema.contains(u"minItems"_s)
            && array.size() < schema.value(u"minItems"_s).toInteger())
            fail(u"minItems"_s,
                u"%1 items, fewer than %2"_s.arg(array.size())
                    .arg(schema.value(u"minItems"_s).toInteger()));
        if (schema.contains(u"maxItems"_s)
            && array.size() > schema.value(u"maxItems"_s).toInteger())
            fail(u"maxItems"_s,
                u"%1 items, more than %2"_s.arg(array.size())
                    .arg(schema.value(u"maxItems"_s).toInteger()));
        if (schema.contains(u"items"_s)) {
            for (qsizetype i = 0; i < array.size(); ++i)
                check(array.at(i), schema.value(u"items"_s), u"%1/%2"_s.arg(instancePath).arg(i),
                    schemaPath + u"/items"_s, walk);
        }
    }
}

void JsonSchema::checkCombinators(const QJsonValue& instance, const QJsonObject& schema,
    const QString& instancePath, const QString& schemaPath, Walk& walk) const
{
    for (const QString& keyword : { u"allOf"_s, u"anyOf"_s, u"oneOf"_s }) {
        if (!schema.contains(keyword))
            continue;
        const QJsonArray branches = schema.value(keyword).toArray();
        QList<Walk> tried;
        QList<qsizetype> matched;
        for (qsizetype i = 0; i < branches.size(); ++i) {
            Walk branch;
            branch.depth = walk.depth;
            check(instance, branches.at(i), instancePath,
                u"%1/%2/%3"_s.arg(schemaPath, keyword).arg(i), branch);
            if (branch.errors.isEmpty())
                matched.append(i);
            tried.append(branch);
        }
        const QString keywordPath = schemaPath + u"/"_s + keyword;
        if (keyword == u"allOf" || (keyword == u"anyOf" && !matched.isEmpty())
            || (keyword == u"oneOf" && matched.size() == 1)) {
            // allOf: every branch's errors count; otherwise only the matching branches' findings.
            for (qsizetype i = 0; i < tried.size(); ++i) {
                if (keyword == u"allOf" || matched.contains(i)) {
                    walk.errors += tried.at(i).errors;
                    walk.applied += tried.at(i).applied;
                    walk.constMismatches += tried.at(i).constMismatches;
                }
            }
            continue;
        }
        if (!matched.isEmpty()) {
            QStringList which;
            for (const qsizetype i : matched)
                which.append(QString::number(i));
            walk.fail(instancePath,
                u"matches %1 branches of oneOf (%2), not exactly one"_s.arg(matched.size())
                    .arg(which.join(u", ")),
                keywordPath);
            continue;
        }
        // No branch: report the closest one, preferring a branch whose consts (the `type` of a
        // message) matched, so the errors point at the fields rather than at the discriminator.
        const auto closest
            = std::min_element(tried.begin(), tried.end(), [](const Walk& a, const Walk& b) {
                  return std::pair(a.constMismatches, a.errors.size())
                      < std::pair(b.constMismatches, b.errors.size());
              });
        walk.fail(instancePath,
            u"matches no branch of %1; closest, #%2: %3"_s.arg(keyword)
                .arg(closest - tried.begin())
                .arg(closest->errors.join(u"; ")),
            keywordPath);
        walk.constMismatches += closest->constMismatches;
    }
}

} // namespace palaver::testing
