import QtQuick
import Palaver.UI

/// A small round mark for someone's presence: green online, amber away, grey outline offline.
/// The ring in the background colour lets it sit on the corner of an avatar.
Rectangle {
    id: dot

    /// "online" | "away" | "offline"
    required property string presence

    implicitWidth: 11
    implicitHeight: 11
    radius: width / 2
    color: dot.presence === "online" ? Theme.success
         : dot.presence === "away" ? Theme.warning : Theme.background
    border.width: 2
    border.color: dot.presence === "online" || dot.presence === "away" ? Theme.background
                                                                        : Theme.idle
}
