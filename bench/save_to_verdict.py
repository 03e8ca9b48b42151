#!/usr/bin/env python3
"""Time from a save to the verdict on screen in the watch loop (issue: "save to verdict").

Runs `threadlings watch` (stdin not a terminal, so it re-runs on save only) on a scratch copy
of the kit, makes a one-line edit to the learner's file of the current exercise RUNS times,
and measures from the write to the moment the verdict line ("data-race 01_...", "pass
01_...") is printed. The edit alternates between a comment and nothing, so every save
changes the file and every verification compiles it again.

With --solved, each exercise starts from its shipped solution, so every save is a passing
fix (what the static stage costs: it decides only after a pass). --binary PATH times another
build of threadlings (an older commit, for an A/B) on the same kit.

usage: bench/save_to_verdict.py [--solved] [--binary PATH] [RUNS] [PRESET] [EXERCISE...]
       (default 7 runs, gcc, exercises 01 06 09 13 29)
"""
import os, re, select, shutil, statistics, subprocess, sys, tempfile, time

root = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
args = sys.argv[1:]
solved = "--solved" in args
if solved:
    args.remove("--solved")
binary = None
if "--binary" in args:
    i = args.index("--binary")
    binary = os.path.abspath(args[i + 1])
    del args[i:i + 2]
runs = int(args[0]) if len(args) > 0 else 7
preset = args[1] if len(args) > 1 else "gcc"
wanted = args[2:] or ["01", "06", "09", "13", "29"]
binary = binary or os.path.join(root, "build", preset, "grader", "threadlings")
if not os.access(binary, os.X_OK):
    sys.exit(f"build first: cmake --preset {preset} && cmake --build --preset {preset}")

scratch = tempfile.mkdtemp(prefix="threadlings-s2v-")
for d in ("exercises", "solutions", "tests", "support", "questions", "notes"):
    if os.path.isdir(os.path.join(root, d)):
        shutil.copytree(os.path.join(root, d), os.path.join(scratch, d), symlinks=True)
if solved:  # every exercise starts from its solution: each save is a passing fix
    for d in os.listdir(os.path.join(scratch, "solutions")):
        shutil.copytree(os.path.join(scratch, "solutions", d), os.path.join(scratch, "exercises", d),
                        dirs_exist_ok=True)
env = dict(os.environ, THREADLINGS_HOME=os.path.join(scratch, "state"),
           THREADLINGS_DATA_DIR=os.path.join(scratch, "data"), NO_COLOR="1")
verdict_re = re.compile(rb"^(pass|data-race|lock-order-inversion|deadlock|livelock|starvation|"
                        rb"thread-leak|crash|wrong-result|compile-error|misuse|unsafe-pattern|timeout|error) +(\S+)", re.M)


def learner_file(ex_dir):
    text = open(os.path.join(ex_dir, "exercise.yaml")).read()
    m = re.search(r"^edit:\s*\[([^\],]+)", text, re.M)
    return os.path.join(ex_dir, m.group(1).strip())


def median_for(number):
    exdir = next(d for d in sorted(os.listdir(os.path.join(scratch, "exercises"))) if d.startswith(number + "_"))
    name = exdir.split("_", 1)[1]
    path = learner_file(os.path.join(scratch, "exercises", exdir))
    original = open(path).read()
    proc = subprocess.Popen([binary, "--kit", scratch, "--color", "never", "watch", number, "--no-cards"],
                            env=env, stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.STDOUT)
    seen = b""

    def wait_for(pattern, since, named=True):
        nonlocal seen
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline:
            for m in pattern.finditer(seen, since):
                if not named or m.group(2).decode().endswith(name):
                    return m.end()
            r, _, _ = select.select([proc.stdout], [], [], 1)
            if r:
                chunk = os.read(proc.stdout.fileno(), 65536)
                if not chunk:
                    break
                seen += chunk
        raise SystemExit(f"no verdict for {exdir} within 120 s; output:\n{seen.decode(errors='replace')}")

    keys = re.compile(rb"\(re-runs when you save; Ctrl-C ends\)()")
    pos = wait_for(verdict_re, 0)
    pos = seen.find(b"(re-runs when you save", pos)
    while pos < 0:
        wait_for(keys, 0, named=False)  # the keys line may come in a later read than the verdict
        pos = seen.find(b"(re-runs when you save")
    times, verdicts = [], set()
    for i in range(runs):
        body = original + ("// bench edit\n" if i % 2 == 0 else "")
        mark = len(seen)
        t0 = time.monotonic()
        with open(path, "w") as f:
            f.write(body)
        end = wait_for(verdict_re, mark)
        times.append(time.monotonic() - t0)
        verdicts.add(verdict_re.search(seen, mark).group(1).decode())
        # wait for the keys line of this round before the next save
        while seen.find(b"(re-runs when you save", end) < 0:
            r, _, _ = select.select([proc.stdout], [], [], 1)
            if r:
                seen += os.read(proc.stdout.fileno(), 65536)
    proc.terminate()
    proc.wait()
    with open(path, "w") as f:
        f.write(original)
    return exdir, "/".join(sorted(verdicts)), statistics.median(times), min(times), max(times)


def main():
    cxx = "g++" if preset == "gcc" else "clang++"
    print(f"machine: {os.cpu_count()} cores, load average {os.getloadavg()[0]:.2f} at start")
    print(f"date: {time.strftime('%Y-%m-%dT%H:%MZ', time.gmtime())}  runs: {runs}  preset: {preset} ({cxx})"
          f"{'  solved' if solved else ''}  binary: {binary}")
    print(f"{'exercise':32} {'verdict':16} {'median':>8} {'min':>7} {'max':>7}")
    try:
        for number in wanted:
            exdir, verdict, med, lo, hi = median_for(number)
            print(f"{exdir:32} {verdict:16} {med:7.2f}s {lo:6.2f}s {hi:6.2f}s", flush=True)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


main()
