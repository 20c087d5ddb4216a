import QtQuick
import QtTest
import Palaver.UI

// The connection indicator: "Retry now" while waiting to reconnect, "Reconnect" while offline,
// nothing to press while online.
Item {
    width: 600
    height: 60

    ConnectionIndicator {
        id: indicator
        connectionState: ClientSession.WaitingToRetry
        connectionText: "Reconnecting in 4 s (attempt 3)"
    }

    SignalSpy {
        id: reconnectSpy
        target: indicator
        signalName: "reconnectRequested"
    }

    TestCase {
        name: "ConnectionIndicator"
        when: windowShown

        function child(name) {
            for (let i = 0; i < indicator.children.length; ++i) {
                if (indicator.children[i].objectName === name)
                    return indicator.children[i];
            }
            return null;
        }

        function test_waitingOffersRetryNow() {
            reconnectSpy.clear();
            indicator.connectionState = ClientSession.WaitingToRetry;
            compare(child("connectionText").text, "Reconnecting in 4 s (attempt 3)");
            const button = child("reconnectButton");
            verify(button.visible);
            compare(button.text, "Retry now");
            mouseClick(button);
            compare(reconnectSpy.count, 1);
        }

        function test_offlineOffersReconnectOnlineNothing() {
            reconnectSpy.clear();
            indicator.connectionState = ClientSession.Offline;
            const button = child("reconnectButton");
            verify(button.visible);
            compare(button.text, "Reconnect");
            mouseClick(button);
            compare(reconnectSpy.count, 1);
            indicator.connectionState = ClientSession.Online;
            verify(!button.visible);
        }
    }
}
