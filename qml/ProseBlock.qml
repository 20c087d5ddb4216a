import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// One block of an assistant's reply that is not code (a paragraph, heading, list, table or
/// quote): selectable Markdown through SafeMarkdown (it fetches nothing, its inline HTML is
/// text), styled by MarkdownStyle, and only http(s) links open, on a click.
TextEdit {
    id: prose

    /// The block's Markdown.
    required property string markdown
    required property real maxWidth
    required property color codeBackground

    objectName: "blockText"
    width: Math.min(implicitWidth, prose.maxWidth)
    // SafeMarkdown, never TextEdit.MarkdownText: that one would fetch the images a reply names
    // and honour its inline HTML styles.
    text: SafeMarkdown.toHtml(prose.markdown)
    textFormat: TextEdit.RichText
    wrapMode: TextEdit.Wrap
    readOnly: true
    selectByMouse: true
    color: Theme.text
    selectionColor: Theme.rowSelected
    selectedTextColor: Theme.text
    font.pixelSize: Theme.fontSize

    // A link opens on a click only, and only an http(s) one; hovering shows where it goes.
    onLinkActivated: link => ExternalLinks.open(link)
    HoverHandler {
        cursorShape: prose.hoveredLink.length > 0 ? Qt.PointingHandCursor : Qt.IBeamCursor
    }
    ToolTip.visible: prose.hoveredLink.length > 0
    ToolTip.text: prose.hoveredLink
    ToolTip.delay: 500

    MarkdownStyle {
        textEdit: prose
        paragraphSpacing: 8
        codeBackground: prose.codeBackground
    }
}
