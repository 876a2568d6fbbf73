"""CPython's threading.Thread: start then join, one thread at a time, the baseline of ThreadBenchmark."""
import threading
import time


def work():
    pass


if __name__ == "__main__":
    for _ in range(2000):  # warm-up
        t = threading.Thread(target=work)
        t.start()
        t.join()
    threads, start = 0, time.perf_counter()
    while time.perf_counter() - start < 5:
        t = threading.Thread(target=work)
        t.start()
        t.join()
        threads += 1
    elapsed = time.perf_counter() - start
    print(f"cpython_thread_start_join {threads / elapsed:.1f}")
