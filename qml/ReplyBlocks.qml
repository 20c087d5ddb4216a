import QtQuick
import Palaver.UI

/// An assistant's Markdown reply as a column of blocks (MarkdownBlockModel splits it in C++):
/// while the reply streams only the last block changes, so the blocks already shown are never
/// parsed or laid out again. Code blocks are monospace on a tinted background; every other
/// block is sanitised Markdown (ProseBlock).
Column {
    id: blocks
    // (Delegates reach the column through their parent: a delegate is its own component.)

    /// The reply's Markdown so far.
    required property string markdown
    /// Still streaming: the last block hides its unfinished markers.
    required property bool streaming
    /// The widest a block may be (the column's width); childrenRect.width is what the blocks
    /// use, so a short reply keeps its bubble narrow.
    required property real maxWidth

    width: blocks.maxWidth
    spacing: 8

    Repeater {
        model: MarkdownBlockModel {
            text: blocks.markdown
            streaming: blocks.streaming
        }
        // One item per block holding both kinds, the other one empty: a Loader here would
        // cost as much and its components cannot be linted.
        delegate: Item {
            id: block

            required property string kind
            required property string text
            required property string language
            readonly property bool isCode: block.kind === "code"
            readonly property Item shown: block.isCode ? code : prose

            width: block.shown.width
            height: block.shown.height

            ProseBlock {
                id: prose
                visible: !block.isCode
                markdown: block.isCode ? "" : block.text
                maxWidth: block.parent ? block.parent.width : 0
                codeBackground: Theme.codeBackground
            }
            CodeBlock {
                id: code
                visible: block.isCode
                code: block.isCode ? block.text : ""
                language: block.language
                maxWidth: block.parent ? block.parent.width : 0
                color: Theme.codeBackground
            }
        }
    }
}
