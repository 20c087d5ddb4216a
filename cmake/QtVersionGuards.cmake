# The one CMake file that knows the differences between Qt 6.4 (Debian bookworm) and newer Qt 6.
# See ../shared/design/qt64.md. The matching C++ guards live in shared/protocol/qtcompat.h.

# Qt 6.4's qt_standard_project_setup() takes no arguments; 6.5+ accepts REQUIRES.
qt_standard_project_setup()

# Qt 6.4 puts QML modules under "/" unless told; we always pass RESOURCE_PREFIX /qt/qml, which is
# the 6.5+ default, so the engine import path is the same on every version.
set(PALAVER_QML_RESOURCE_PREFIX /qt/qml)

if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
    set(PALAVER_QT_HAS_LOAD_FROM_MODULE ON)
else()
    set(PALAVER_QT_HAS_LOAD_FROM_MODULE OFF)
endif()
