import QtQuick

/// A fenced code block of an assistant's reply: its code as plain monospace text (never
/// Markdown), wrapped, on a tinted background.
Rectangle {
    id: block

    /// The code, without its fences.
    required property string code
    /// The fence's language ("cpp"), or "".
    required property string language
    required property real maxWidth

    readonly property int padding: 8

    width: Math.min(codeText.implicitWidth + 2 * block.padding, block.maxWidth)
    height: codeText.height + 2 * block.padding
    radius: 4

    TextEdit {
        id: codeText
        objectName: "blockText"
        x: block.padding
        y: block.padding
        width: block.width - 2 * block.padding
        text: block.code
        textFormat: TextEdit.PlainText
        wrapMode: TextEdit.WrapAtWordBoundaryOrAnywhere
        readOnly: true
        selectByMouse: true
        color: Theme.text
        selectionColor: Theme.rowSelected
        selectedTextColor: Theme.text
        font.family: "monospace"
        font.pixelSize: Theme.fontSize - 1
    }
}
