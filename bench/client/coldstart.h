#pragma once

#include "report.h"

#include <QString>

namespace clientbench {

/// The flag that makes palaver-clientbench the probe child of `coldstart`.
inline constexpr char kProbeFlag[] = "probe-first-frame";

/// `coldstart`: this program started again as a child `repetitions` times (a fresh home each
/// time, so the first-run sign-in page), timed from just before the start to the child's first
/// frame on screen. Valid when every child drew its frame and exited cleanly.
loadgen::Row runColdStart(const QString& program, int repetitions);

/// The child: loads Main.qml, prints "first-frame <CLOCK_MONOTONIC ns> <RSS KiB>" at its
/// first frame and exits; 0 on success.
int runFirstFrameProbe();

} // namespace clientbench
