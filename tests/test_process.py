"""Signals, closed standard streams and worker processes, on real ``ner`` processes."""

import contextlib
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from ner_cli.process import ClosedStream, Terminated

NER = Path(sys.executable).parent / "ner"
ARTICLE = "زار وفد من منظمة شنغهاي للتعاون طشقند وموسكو، والتقى الرئيس فلاديمير بوتين.\n"
linux_only = pytest.mark.skipif(
    not Path("/proc/self/task").is_dir(), reason="child processes are read from /proc (Linux)"
)


def _children(pid: int) -> set[int]:
    found = set()
    for task in Path(f"/proc/{pid}/task").glob("*"):
        try:
            found |= {int(n) for n in (task / "children").read_text().split()}
        except OSError:
            pass
    return found


def _alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().split(")")[-1].split()[0]
    except OSError:
        return False
    return state != "Z"


def _archive(folder: Path, files: int = 400) -> Path:
    folder.mkdir()
    for number in range(files):
        (folder / f"{number:04d}.txt").write_text(ARTICLE * 60, encoding="utf-8")
    return folder


def _as_a_terminal_starts_it() -> None:
    """Ctrl-C neither ignored nor blocked, whatever this test process inherited (a shell's
    background job starts with SIGINT ignored, and Python keeps that)."""
    signal.signal(signal.SIGINT, signal.SIG_DFL)
    signal.pthread_sigmask(signal.SIG_SETMASK, set())


def _stderr_once_stopped(process: subprocess.Popen) -> str:
    """What ``process`` wrote to stderr by the time it ended; if it has not ended within a
    minute, every process of its group is made to print its stacks, and the test fails."""
    try:
        return process.communicate(timeout=60)[1]
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGABRT)
        try:
            stacks = process.communicate(timeout=30)[1]
        finally:
            with contextlib.suppress(ProcessLookupError):  # the group may be gone already
                os.killpg(process.pid, signal.SIGKILL)
        pytest.fail(f"ner did not stop within 60 s; its stacks:\n{stacks}")


def _start_with_workers(args, cwd: Path) -> tuple[subprocess.Popen, set[int]]:
    """Start ``ner`` in its own session and wait until its two workers are running."""
    process = subprocess.Popen(
        # faulthandler: should the run hang, SIGABRT makes every process print its stacks
        [sys.executable, "-X", "faulthandler", str(NER), *args],
        cwd=cwd,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
        preexec_fn=_as_a_terminal_starts_it,
    )
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        workers = {pid for pid in _children(process.pid) if _alive(pid)}
        if len(workers) >= 2:
            time.sleep(0.5)  # let them take work
            return process, workers
        if process.poll() is not None:
            break
        time.sleep(0.05)
    process.kill()
    pytest.fail(f"ner ended or started no workers: {process.stderr.read()}")


@linux_only
@pytest.mark.parametrize(("name", "status"), [("SIGTERM", 143), ("SIGHUP", 129)])
def test_case6_sigterm_and_sighup_stop_the_run_like_ctrl_c(tmp_path, name, status):
    archive = _archive(tmp_path / "archive")
    output = tmp_path / "out.jsonl"
    output.write_text("the previous run\n", encoding="utf-8")
    process, workers = _start_with_workers(
        ["extract", str(archive), "-o", str(output), "--jobs", "2"], tmp_path
    )
    process.send_signal(getattr(signal, name))
    stderr = _stderr_once_stopped(process)
    assert process.returncode == status
    assert "Traceback" not in stderr
    assert output.read_text(encoding="utf-8") == "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["archive", "out.jsonl"]
    deadline = time.monotonic() + 10
    while any(_alive(pid) for pid in workers) and time.monotonic() < deadline:
        time.sleep(0.1)
    assert not any(_alive(pid) for pid in workers), "workers outlived the run"


@linux_only
def test_case6_ctrl_c_with_workers_prints_no_tracebacks(tmp_path):
    archive = _archive(tmp_path / "archive")
    process, workers = _start_with_workers(
        ["extract", str(archive), "-o", str(tmp_path / "out.jsonl"), "--jobs", "2"], tmp_path
    )
    os.killpg(process.pid, signal.SIGINT)  # what a terminal sends: the whole group
    stderr = _stderr_once_stopped(process)
    assert process.returncode == 130
    assert "Traceback" not in stderr and "KeyboardInterrupt" not in stderr
    assert len(stderr.strip().splitlines()) <= 1
    assert not (tmp_path / "out.jsonl").exists()


_HALF_WRITTEN_RESULT = """
import inspect, os, struct, sys, time
from concurrent.futures import ProcessPoolExecutor
from ner_cli.process import stop_workers

def half_a_result(marker):
    # What a worker killed while sending its result leaves behind: the length of a
    # message, a few of its bytes, and nothing more.
    frame = inspect.currentframe()
    while frame is not None and "result_queue" not in frame.f_locals:
        frame = frame.f_back
    writer = frame.f_locals["result_queue"]._writer
    os.write(writer.fileno(), struct.pack("!i", 1_000_000) + b"the start")
    open(marker, "w").close()
    time.sleep(3600)

if __name__ == "__main__":
    pool = ProcessPoolExecutor(1)
    pool.submit(half_a_result, sys.argv[1])
    deadline = time.monotonic() + 30
    while not os.path.exists(sys.argv[1]):
        assert time.monotonic() < deadline, "the worker never wrote its half result"
        time.sleep(0.05)
    time.sleep(0.5)  # the pool's manager thread is now waiting for the rest
    stop_workers(pool)
    pool.shutdown(wait=True, cancel_futures=True)
    print("stopped")
"""


def test_stopping_workers_does_not_wait_for_a_result_cut_off_half_way(tmp_path):
    """A worker killed while it sends a result leaves half a message in the pipe; the
    pool's manager thread then waits for the rest, and shutting the pool down (or
    exiting) waited with it for ever: a Ctrl-C that never ended the run."""
    script = tmp_path / "half_written.py"
    script.write_text(_HALF_WRITTEN_RESULT, encoding="utf-8")
    process = subprocess.Popen(
        [sys.executable, str(script), str(tmp_path / "written")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,  # so that its worker can be killed with it if it hangs
    )
    try:
        stdout, stderr = process.communicate(timeout=60)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail("the pool did not shut down within 60 s of its workers being stopped")
    done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == "stopped"


def _run_shell(command: str, tmp_path: Path) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["bash", "-c", command], cwd=tmp_path, capture_output=True, text=True, timeout=120
    )


def test_case7_a_full_disk_on_stdout_is_one_line_and_exit_1(tmp_path):
    if not Path("/dev/full").exists():
        pytest.skip("no /dev/full on this system")
    (tmp_path / "a.txt").write_text(ARTICLE * 200, encoding="utf-8")
    result = _run_shell(f"'{NER}' extract a.txt -f jsonl > /dev/full", tmp_path)
    assert result.returncode == 1
    assert result.stderr == "ner: standard output: cannot write: no space left on device\n"


def test_case7_a_closed_stdout_is_one_line_and_exit_1(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = _run_shell(f"'{NER}' extract a.txt -f jsonl >&-", tmp_path)
    assert result.returncode == 1
    assert result.stderr.startswith("ner: standard output: cannot write: closed")
    assert len(result.stderr.splitlines()) == 1


def test_case7_a_closed_stdout_does_not_matter_with_an_output_file(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = _run_shell(f"'{NER}' extract a.txt -o out.jsonl >&-", tmp_path)
    assert result.returncode == 0, result.stderr
    assert "طشقند" in (tmp_path / "out.jsonl").read_text(encoding="utf-8")


def test_case7_a_closed_stderr_still_gives_the_output_and_the_status(tmp_path):
    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    result = _run_shell(f"'{NER}' extract a.txt missing.txt -f jsonl 2>&-", tmp_path)
    assert result.returncode == 1  # missing.txt was skipped
    assert "طشقند" in result.stdout


def test_case7_a_full_disk_under_an_output_file_keeps_the_previous_file(tmp_path, monkeypatch):
    """Disk full half way through -o: one line naming the file, exit 1, old file kept."""
    from ner_cli import cli as cli_module
    from ner_cli import writers

    (tmp_path / "a.txt").write_text(ARTICLE, encoding="utf-8")
    output = tmp_path / "out.jsonl"
    output.write_text("the previous run\n", encoding="utf-8")

    def full(self, records, document=None):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(writers.JsonLinesWriter, "write", full)
    monkeypatch.setattr(sys, "argv", ["ner", "extract", str(tmp_path / "a.txt"), "-o", str(output)])
    with pytest.raises(SystemExit) as exit_info:
        cli_module.main()
    assert exit_info.value.code == 1
    assert output.read_text(encoding="utf-8") == "the previous run\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["a.txt", "out.jsonl"]


def test_a_closed_stream_fails_on_write_with_its_name():
    stream = ClosedStream("standard output")
    assert not stream.isatty()
    with pytest.raises(OSError, match="closed"):
        stream.write("x")


def test_terminated_carries_the_exit_status_of_its_signal():
    assert Terminated(signal.SIGTERM).exit_status == 143
    assert isinstance(Terminated(signal.SIGTERM), KeyboardInterrupt)  # unwinds like Ctrl-C
