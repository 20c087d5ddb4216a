#pragma once

// A JSON Schema (draft 2020-12) validator for the small subset docs/protocol.schema.json uses, so
// the protocol tests can hold the schema against the codec without a third-party library. Test
// support only: nothing in the product validates against the schema.
//
// The subset: $ref (to "#/..." in the same document), type, const, enum, required, properties,
// items (one schema), minItems, maxItems, minLength, maxLength, minimum, maximum, oneOf, anyOf,
// allOf, and boolean schemas. Annotations ($schema, $id, $defs, $comment, title, description,
// format, examples, default) are read past. Any other keyword is a problem with the schema rather
// than something silently ignored, so the schema cannot use an assertion the tests do not check.

#include <QJsonObject>
#include <QJsonValue>
#include <QList>
#include <QStringList>

namespace palaver::testing {

class JsonSchema
{
public:
    /// A subschema that held at one place of the instance: `instancePath` is a JSON Pointer ("" for
    /// the root), `schemaPath` where the subschema is, e.g. "#/$defs/Member/properties/name".
    struct Applied
    {
        QString instancePath;
        QString schemaPath;
    };

    struct Result
    {
        QStringList errors; ///< empty when the instance is valid
        /// Every subschema that held and where, when the instance is valid (for a oneOf or anyOf,
        /// only the branches that matched).
        QList<Applied> applied;
        bool valid() const { return errors.isEmpty(); }
    };

    explicit JsonSchema(QJsonObject root);

    /// What is wrong with the schema itself: a keyword outside the subset, a keyword of the wrong
    /// shape, a $ref that leads nowhere. Empty for a schema the validator fully understands.
    QStringList problems() const { return m_problems; }

    /// Validates `instance` against the subschema at `schemaPath` ("#" or e.g. "#/$defs/Login").
    Result validate(
        const QJsonValue& instance, const QString& schemaPath = QStringLiteral("#")) const;

    /// The value at a "#/..." JSON Pointer into the schema; undefined when there is none.
    QJsonValue resolve(const QString& schemaPath) const;

private:
    struct Walk;
    void check(const QJsonValue& instance, const QJsonValue& schema, const QString& instancePath,
        const QString& schemaPath, Walk& walk) const;
    void checkObjectSchema(const QJsonValue& instance, const QJsonObject& schema,
        const QString& instancePath, const QString& schemaPath, Walk& walk) const;
    void checkCombinators(const QJsonValue& instance, const QJsonObject& schema,
        const QString& instancePath, const QString& schemaPath, Walk& walk) const;
    void audit(const QJsonValue& schema, const QString& schemaPath);

    QJsonObject m_root;
    QStringList m_problems;
};

} // namespace palaver::testing
