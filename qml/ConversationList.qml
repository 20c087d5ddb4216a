import QtQuick
import QtQuick.Controls.Basic
import QtQuick.Layouts
import Palaver.UI

/// The sidebar: the unread total, new conversations (AI chat, room, direct message), the
/// conversations by kind (the open one highlighted), the user and where their session is kept.
Rectangle {
    id: sidebar

    required property ClientSession session
    /// Who is signed in; before the server answers (from the cache) the remembered username.
    readonly property string userName: sidebar.session.displayName.length > 0
                                       ? sidebar.session.displayName : sidebar.session.username

    color: Theme.surface

    Rectangle {
        anchors.right: parent.right
        width: 1
        height: parent.height
        color: Theme.border
    }

    ColumnLayout {
        anchors.fill: parent
        anchors.margins: 12
        spacing: 10

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 6
            Layout.topMargin: 4
            spacing: 10

            Image {
                source: "icons/palaver-256.png"
                sourceSize.width: 28
                sourceSize.height: 28
            }
            Label {
                Layout.fillWidth: true
                text: "Palaver"
                color: Theme.text
                font.pixelSize: 18
                font.weight: Font.DemiBold
            }
            UnreadBadge {
                objectName: "totalUnreadBadge"
                Layout.rightMargin: 6
                count: sidebar.session.conversations.totalUnread
            }
        }

        NewConversationButtons {
            Layout.fillWidth: true
            onAiChatRequested: sidebar.session.conversations.createConversation("")
            onRoomRequested: createRoomDialog.openEmpty()
            onDirectMessageRequested: directMessageDialog.openEmpty()
        }

        ConversationListView {
            Layout.fillWidth: true
            Layout.fillHeight: true
            model: sidebar.session.conversations
            currentConvId: sidebar.session.chat.currentConvId
            onOpenRequested: convId => sidebar.session.chat.currentConvId = convId
            onRenameRequested: (convId, title) => renameDialog.openFor(convId, title)
            onDeleteRequested: (convId, title) => deleteDialog.openFor(convId, title)
        }

        Rectangle {
            Layout.fillWidth: true
            implicitHeight: 1
            color: Theme.border
        }

        RowLayout {
            Layout.fillWidth: true
            Layout.leftMargin: 4
            spacing: 10

            Rectangle {
                implicitWidth: 32
                implicitHeight: 32
                radius: 16
                color: Theme.accentSoft
                Label {
                    anchors.centerIn: parent
                    text: sidebar.userName.length > 0 ? sidebar.userName.charAt(0).toUpperCase()
                                                      : "?"
                    color: Theme.accent
                    font.pixelSize: 14
                    font.weight: Font.DemiBold
                }
            }
            Label {
                Layout.fillWidth: true
                textFormat: Text.PlainText // others wrote it: never markup (an <img> would be fetched)
                text: sidebar.userName
                elide: Text.ElideRight
                color: Theme.text
                font.pixelSize: 14
            }
            GhostButton {
                objectName: "signOutButton"
                text: qsTr("Sign out")
                onClicked: sidebar.session.signOut()
            }
        }

        Label {
            objectName: "tokenStorageNote"
            Layout.fillWidth: true
            Layout.leftMargin: 6
            text: qsTr("Your session is kept in %1.").arg(sidebar.session.tokenStorage)
            wrapMode: Text.Wrap
            color: Theme.textMuted
            font.pixelSize: Theme.smallFontSize
        }
    }

    RenameDialog {
        id: renameDialog
        conversations: sidebar.session.conversations
    }
    DeleteDialog {
        id: deleteDialog
        conversations: sidebar.session.conversations
    }
    CreateRoomDialog {
        id: createRoomDialog
        objectName: "createRoomDialog"
        chat: sidebar.session.chat
    }
    DirectMessageDialog {
        id: directMessageDialog
        objectName: "directMessageDialog"
        chat: sidebar.session.chat
    }
}
