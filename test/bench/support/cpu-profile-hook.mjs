// Preloaded into the server by a profiling run (`BENCH_SERVER_NODE_OPTIONS="--import <this file>"`),
// because Node 20 refuses `--cpu-prof` in NODE_OPTIONS. It profiles the whole process and writes a
// `.cpuprofile` (Chrome DevTools format) into BENCH_PROFILE_DIR when the process exits.
import { writeFileSync } from "node:fs";
import { Session } from "node:inspector";
import { join } from "node:path";

const directory = process.env.BENCH_PROFILE_DIR ?? "/tmp";
const session = new Session();
session.connect();
session.post("Profiler.enable");
session.post("Profiler.setSamplingInterval", { interval: 500 });
session.post("Profiler.start");
process.on("exit", () => {
  // The in-process inspector answers synchronously, so the profile is written before exit.
  session.post("Profiler.stop", (error, result) => {
    if (error) return;
    writeFileSync(
      join(directory, `server-${process.pid}.cpuprofile`),
      JSON.stringify(result.profile),
    );
  });
});
