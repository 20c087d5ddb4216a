import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The conversations as rows in three sections (rooms, direct messages, AI chats: the model's
/// order); the one with `currentConvId` is highlighted.
ListView {
    id: list

    property string currentConvId

    signal openRequested(string convId)
    signal renameRequested(string convId, string title)
    signal deleteRequested(string convId, string title)

    objectName: "conversationList"
    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    section.property: "kind"
    section.criteria: ViewSection.FullString
    section.delegate: Label {
        // The kind comes as the context property `section`, not as a required property: Qt 6.4
        // updates only the context property when it reuses a header for another section (after
        // the list is replaced), and a required one would keep showing the old kind.
        // qmllint disable unqualified
        readonly property string kind: section
        // qmllint enable unqualified

        objectName: "sectionHeader"
        width: ListView.view.width
        leftPadding: 8
        topPadding: 14
        bottomPadding: 4
        text: kind === "room" ? qsTr("Rooms") : kind === "dm" ? qsTr("Direct messages") : qsTr("AI chats")
        color: Theme.textMuted
        font.pixelSize: Theme.smallFontSize
        font.weight: Font.DemiBold
        font.capitalization: Font.AllUppercase
    }

    delegate: ConversationDelegate {
        id: row
        width: ListView.view.width
        // Through the view, not its id: the delegate is its own component.
        currentConvId: (row.ListView.view as ConversationListView).currentConvId
        onOpenRequested: convId => list.openRequested(convId)
        onRenameRequested: (convId, title) => list.renameRequested(convId, title)
        onDeleteRequested: (convId, title) => list.deleteRequested(convId, title)
    }

    Label {
        anchors.centerIn: parent
        visible: list.count === 0
        text: qsTr("No conversations yet")
        color: Theme.textMuted
        font.pixelSize: 14
    }
}
