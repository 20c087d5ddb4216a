import QtQuick
import QtQuick.Controls.Basic
import Palaver.UI

/// The member panel's list: the assistant, the owner, then everyone else (the model's order).
ListView {
    id: list

    /// The user may take people out (the room's owner).
    property bool canManage: false

    signal removeRequested(string userId)

    objectName: "memberList"
    clip: true
    spacing: 2
    boundsBehavior: Flickable.StopAtBounds
    ScrollBar.vertical: ScrollBar {}

    delegate: MemberDelegate {
        id: row
        width: ListView.view.width
        // Through the view, not its id: the delegate is its own component.
        canRemove: (row.ListView.view as MemberListView).canManage
        onRemoveRequested: userId => list.removeRequested(userId)
    }
}
