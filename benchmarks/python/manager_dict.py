"""CPython's Manager().dict shared by 4 processes, each incrementing it under a Lock: the baseline of
ManagerBenchmark. Prints one line: locked increments per second, all processes together."""
import time
from multiprocessing import Lock, Manager, Process

PROCESSES = 4
EACH = 2_000


def work(d, lock):
    for _ in range(EACH):
        with lock:
            d["count"] += 1


def run(d, lock):
    processes = [Process(target=work, args=(d, lock)) for _ in range(PROCESSES)]
    for p in processes:
        p.start()
    for p in processes:
        p.join()


if __name__ == "__main__":
    with Manager() as manager:
        d = manager.dict({"count": 0})
        lock = Lock()
        run(d, lock)  # warm-up: the manager's server and the processes' imports
        increments, start = 0, time.perf_counter()
        while time.perf_counter() - start < 5:
            run(d, lock)
            increments += PROCESSES * EACH
        elapsed = time.perf_counter() - start
        assert d["count"] == PROCESSES * EACH * (increments // (PROCESSES * EACH) + 1)
    print(f"cpython_manager_locked_increment {increments / elapsed:.1f}")
