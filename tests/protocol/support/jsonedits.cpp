#include "jsonedits.h"

#include <QJsonArray>

#include <algorithm>
#include <optional>

namespace palaver::testing {

using namespace Qt::Literals::StringLiterals;

namespace {

/// A step into a JSON document: a string is an object key, a number an array index.
using Path = QList<QJsonValue>;

QString pointerOf(const Path& path)
{
    QString pointer;
    for (const QJsonValue& step : path) {
        pointer += u'/';
        pointer += step.isString()
            ? QString(step.toString()).replace(u"~"_s, u"~0"_s).replace(u"/"_s, u"~1"_s)
            : QString::number(step.toInt());
    }
    return pointer;
}

/// `node` with the value at `path` (from step `at` on) replaced by `with`, or removed without it.
QJsonValue edited(
    const QJsonValue& node, const Path& path, qsizetype at, const std::optional<QJsonValue>& with)
{
    const QJsonValue step = path.at(at);
    const bool last = at + 1 == path.size();
    if (step.isString()) {
        QJsonObject object = node.toObject();
        const QString key = step.toString();
        if (last && !with)
            object.remove(key);
        else
            object.insert(key, last ? *with : edited(object.value(key), path, at + 1, with));
        return object;
    }
    QJsonArray array = node.toArray();
    const int index = step.toInt();
    array.replace(index, last ? *with : edited(array.at(index), path, at + 1, with));
    return array;
}

/// The tightest bounds the subschemas that held at one place give a value.
struct Bounds
{
    std::optional<qint64> maxLength;
    std::optional<double> minimum;
    std::optional<double> maximum;
};

Bounds boundsAt(
    const QString& pointer, const JsonSchema& schema, const QList<JsonSchema::Applied>& applied)
{
    Bounds bounds;
    for (const JsonSchema::Applied& entry : applied) {
        if (entry.instancePath != pointer)
            continue;
        const QJsonObject subschema = schema.resolve(entry.schemaPath).toObject();
        if (subschema.contains(u"maxLength"_s)) {
            const qint64 length = subschema.value(u"maxLength"_s).toInteger();
            bounds.maxLength = std::min(bounds.maxLength.value_or(length), length);
        }
        if (subschema.contains(u"minimum"_s)) {
            const double minimum = subschema.value(u"minimum"_s).toDouble();
            bounds.minimum = std::max(bounds.minimum.value_or(minimum), minimum);
        }
        if (subschema.contains(u"maximum"_s)) {
            const double maximum = subschema.value(u"maximum"_s).toDouble();
            bounds.maximum = std::min(bounds.maximum.value_or(maximum), maximum);
        }
    }
    return bounds;
}

/// Every string any `enum` of the schema lists: the names a sender could mix up.
void collectEnumNames(const QJsonValue& node, QStringList& names)
{
    if (node.isArray()) {
        for (const QJsonValue& item : node.toArray())
            collectEnumNames(item, names);
        return;
    }
    const QJsonObject object = node.toObject();
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (it.key() == u"enum") {
            for (const QJsonValue& name : it.value().toArray()) {
                if (name.isString() && !names.contains(name.toString()))
                    names.append(name.toString());
            }
        } else {
            collectEnumNames(it.value(), names);
        }
    }
}

bool enumAppliesAt(
    const QString& pointer, const JsonSchema& schema, const QList<JsonSchema::Applied>& applied)
{
    return std::any_of(applied.begin(), applied.end(), [&](const JsonSchema::Applied& entry) {
        return entry.instancePath == pointer
            && schema.resolve(entry.schemaPath).toObject().contains(u"enum"_s);
    });
}

/// Integers as integers on the wire (2^53 as a double would print as 9.007e15).
QJsonValue number(double value)
{
    return QJsonValue(static_cast<qint64>(value));
}

class Editor
{
public:
    Editor(const QJsonObject& frame, const JsonSchema& schema,
        const QList<JsonSchema::Applied>& applied)
        : m_frame(frame)
        , m_schema(schema)
        , m_applied(applied)
    {
        collectEnumNames(schema.resolve(u"#"_s), m_enumNames);
    }

    QList<JsonEdit> run()
    {
        visit(m_frame, {});
        return m_edits;
    }

private:
    void add(JsonEdit::Kind kind, const Path& path, const std::optional<QJsonValue>& with,
        const QString& what)
    {
        const Path parentPath = path.first(path.size() - 1);
        const QJsonValue last = path.last();
        m_edits.append({ kind, pointerOf(parentPath),
            last.isString() ? last.toString() : QString::number(last.toInt()),
            pointerOf(path) + u": "_s + what, edited(m_frame, path, 0, with).toObject() });
    }

    void visit(const QJsonValue& value, const Path& path)
    {
        if (!path.isEmpty())
            editValue(value, path);
        if (value.isObject()) {
            const QJsonObject object = value.toObject();
            for (auto it = object.begin(); it != object.end(); ++it) {
                add(JsonEdit::Removal, path + Path { it.key() }, std::nullopt, u"removed"_s);
                visit(it.value(), path + Path { it.key() });
            }
        } else if (value.isArray()) {
            const QJsonArray array = value.toArray();
            for (qsizetype i = 0; i < array.size(); ++i)
                visit(array.at(i), path + Path { int(i) });
        }
    }

    void editValue(const QJsonValue& value, const Path& path)
    {
        // Another type: a string for anything but a string, a number for a string.
        if (value.isString())
            add(JsonEdit::Retype, path, QJsonValue(7), u"the number 7"_s);
        else
            add(JsonEdit::Retype, path, QJsonValue(u"7"_s), u"the string \"7\""_s);
        const Bounds bounds = boundsAt(pointerOf(path), m_schema, m_applied);
        if (value.isString()) {
            add(JsonEdit::Length, path, QJsonValue(QString()), u"empty"_s);
            if (bounds.maxLength) {
                for (const qint64 length : { *bounds.maxLength, *bounds.maxLength + 1 })
                    add(JsonEdit::Length, path, QJsonValue(QString(length, u'x')),
                        u"%1 characters"_s.arg(length));
            }
            if (enumAppliesAt(pointerOf(path), m_schema, m_applied)) {
                for (const QString& name : std::as_const(m_enumNames)) {
                    if (name != value.toString())
                        add(JsonEdit::Choice, path, QJsonValue(name), u"\"%1\""_s.arg(name));
                }
            }
        }
        if (value.isDouble()) {
            add(JsonEdit::Bound, path, QJsonValue(value.toDouble() + 0.5), u"a fraction"_s);
            if (bounds.minimum) {
                add(JsonEdit::Bound, path, number(*bounds.minimum), u"its minimum"_s);
                add(JsonEdit::Bound, path, number(*bounds.minimum - 1), u"below its minimum"_s);
            }
            if (bounds.maximum) {
                add(JsonEdit::Bound, path, number(*bounds.maximum), u"its maximum"_s);
                add(JsonEdit::Bound, path, number(*bounds.maximum + 1), u"above its maximum"_s);
            }
        }
    }

    const QJsonObject& m_frame;
    const JsonSchema& m_schema;
    const QList<JsonSchema::Applied>& m_applied;
    QStringList m_enumNames;
    QList<JsonEdit> m_edits;
};

} // namespace

QList<JsonEdit> oneEditAway(
    const QJsonObject& frame, const JsonSchema& schema, const QList<JsonSchema::Applied>& applied)
{
    return Editor(frame, schema, applied).run();
}

} // namespace palaver::testing
