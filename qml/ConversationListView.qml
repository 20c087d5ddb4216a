import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The conversations as rows; the one with `currentConvId` is highlighted.
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
