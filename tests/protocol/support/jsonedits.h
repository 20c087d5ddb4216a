#pragma once

// Frames one small edit away from a valid one, for holding a schema against a decoder: wherever
// the two disagree about an edited frame, one of them has drifted.

#include "jsonschema.h"

#include <QJsonObject>
#include <QList>

namespace palaver::testing {

struct JsonEdit
{
    enum Kind {
        Removal, ///< a member of an object taken out
        Retype, ///< a value replaced by one of another JSON type
        Length, ///< a string emptied, or filled to its maxLength and one past it
        Bound, ///< an integer set to its minimum or maximum, one beyond either, or a fraction
        Choice, ///< where an enum applies: another name of any enum in the schema
    };
    Kind kind;
    QString parent; ///< JSON Pointer of the object or array holding the edited value
    QString key; ///< the member's name, or the item's index
    QString what; ///< for a failure message, e.g. "/message/author/name: 65 characters"
    QJsonObject frame; ///< the whole edited frame
};

/// Every one-edit variant of `frame` (its root aside): each object member removed; each value
/// replaced by one of another type; each string emptied and, where a subschema that held there
/// bounds it, made exactly maxLength and maxLength + 1 characters long; each number set to the
/// bounds the subschemas give it and one beyond, and to a fraction; each string an enum applies to
/// set to every other name any enum of the schema lists. `applied` is what validating `frame`
/// against `schema` reported.
QList<JsonEdit> oneEditAway(
    const QJsonObject& frame, const JsonSchema& schema, const QList<JsonSchema::Applied>& applied);

} // namespace palaver::testing
