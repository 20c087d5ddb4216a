import QtQuick
import Palaver.UI

/// Three pulsing dots: a reply has started but no text has arrived yet.
Row {
    id: dots

    spacing: 5

    Repeater {
        model: 3

        Rectangle {
            id: dot

            required property int index

            width: 7
            height: 7
            radius: 3.5
            color: Theme.textMuted
            opacity: 0.3

            SequentialAnimation {
                // Effective visibility: the dots animate only while the row is shown.
                running: dot.visible
                loops: Animation.Infinite

                PauseAnimation {
                    duration: dot.index * 150
                }
                NumberAnimation {
                    target: dot
                    property: "opacity"
                    to: 1
                    duration: 300
                }
                NumberAnimation {
                    target: dot
                    property: "opacity"
                    to: 0.3
                    duration: 300
                }
                PauseAnimation {
                    duration: (2 - dot.index) * 150
                }
            }
        }
    }
}
