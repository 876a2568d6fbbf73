"""CPython's Pool(5).map of 100 000 tiny tasks, the baseline of PoolBenchmark. Prints one line: tasks/s."""
import time
from multiprocessing import Pool


def double(x):
    return x * 2


if __name__ == "__main__":
    items = list(range(100_000))
    with Pool(5) as pool:
        pool.map(double, items)  # warm-up: workers started, code imported
        rounds, start = 0, time.perf_counter()
        while time.perf_counter() - start < 5:
            pool.map(double, items)
            rounds += 1
        elapsed = time.perf_counter() - start
    print(f"cpython_pool_map {rounds * len(items) / elapsed:.1f}")
