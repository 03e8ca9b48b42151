#include "sanitizer_probe.h"

#include <map>
#include <mutex>
#include <utility>

#include "engine.h"

namespace threadlings {
namespace {

// One try; true if TSan started and reported the canary's race.
bool Try(const fs::path& canary, const fs::path& log_dir, bool no_aslr, const ProcessRunner& run,
         std::string* why) {
  std::error_code ec;
  fs::remove_all(log_dir, ec);
  fs::create_directories(log_dir, ec);
  ProcessSpec spec;
  spec.argv = {canary.string()};
  // Unsymbolised: the report's presence is the proof, and symbolising it cost ~170 ms of
  // every verification.
  spec.env["TSAN_OPTIONS"] = TsanOptions(log_dir) + " symbolize=0";
  spec.timeout = std::chrono::seconds(30);
  spec.no_aslr = no_aslr;
  const ProcessResult r = run(spec);
  const std::string log = ReadTsanLogs(log_dir);
  if (r.exit_code == 66 && log.find("WARNING: ThreadSanitizer: data race") != std::string::npos)
    return true;
  *why = DescribeEnding(r, spec) + "\n" + r.output + log;
  return false;
}

}  // namespace

ProbeResult ProbeSanitizer(const fs::path& canary, const fs::path& log_dir,
                           const std::string& compiler, const ProcessRunner& run) {
  ProbeResult p;
  std::string why;
  if (Try(canary, log_dir, false, run, &why)) {
    p.ok = true;
    return p;
  }
  std::string why_no_aslr;
  if (Try(canary, log_dir, true, run, &why_no_aslr)) {
    p.ok = p.no_aslr = true;
    p.note = "ThreadSanitizer could not start with address-space randomisation on (typical of "
             "kernels with vm.mmap_rnd_bits > 28), so the checks run with it off. To avoid "
             "this: sudo sysctl vm.mmap_rnd_bits=28";
    return p;
  }
  p.error = "ThreadSanitizer does not work with '" + compiler +
            "' on this machine, so nothing can be graded (threadlings never grades without "
            "it). The canary program said:\n" + why_no_aslr.substr(0, 2000) +
            "\nFor clang, install 'libclang-rt-14-dev'; in a container, allow personality() "
            "(--security-opt seccomp=unconfined).";
  return p;
}

ProbeResult ProbeSanitizerOnce(const fs::path& canary, const fs::path& log_dir,
                               const std::string& compiler, const ProcessRunner& run) {
  static std::mutex mutex;
  static std::map<std::pair<std::string, fs::file_time_type>, ProbeResult> known;
  std::error_code ec;
  const auto key = std::make_pair(canary.string(), fs::last_write_time(canary, ec));
  std::lock_guard lock(mutex);
  if (!ec)
    if (const auto it = known.find(key); it != known.end()) return it->second;
  ProbeResult p = ProbeSanitizer(canary, log_dir, compiler, run);
  if (!ec && p.ok) known[key] = p;
  return p;
}

}  // namespace threadlings
