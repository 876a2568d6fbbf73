"""CPython's ProcessPoolExecutor(4): submit then result(), one at a time, the baseline of ExecutorBenchmark."""
import time
from concurrent.futures import ProcessPoolExecutor


def double(x):
    return x * 2


if __name__ == "__main__":
    with ProcessPoolExecutor(4) as ex:
        for i in range(200):  # warm-up: start every worker
            ex.submit(double, i).result()
        calls, start = 0, time.perf_counter()
        while time.perf_counter() - start < 5:
            ex.submit(double, calls).result()
            calls += 1
        elapsed = time.perf_counter() - start
        print(f"cpython_executor_submit_result {calls / elapsed:.1f}")
        tasks, start = 0, time.perf_counter()
        while time.perf_counter() - start < 5:
            futures = [ex.submit(double, i) for i in range(1000)]
            sum(f.result() for f in futures)
            tasks += len(futures)
        elapsed = time.perf_counter() - start
    print(f"cpython_executor_submit_batch {tasks / elapsed:.1f}")
