#pragma once

class QTextStream;

namespace palaver::server {

struct CommandLine;

/// `palaver-server bench-seed …` (benchmarks only): seeds the data dir with token-only users and
/// rooms (seedBench) and writes the room ids (one line, space-separated), then one token per
/// line, to the tokens file, which
/// only its owner may read. Works while the server runs, like `user add`. Returns the exit code.
int runBenchSeedCommand(const CommandLine& command, QTextStream& out, QTextStream& err);

} // namespace palaver::server
