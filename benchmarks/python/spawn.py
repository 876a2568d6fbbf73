"""CPython's spawn start method, the baseline of SpawnBenchmark: Process start+join (spawn and forkserver),
ProcessPoolExecutor(4) submit+result one at a time, and Pool(4).map of 200 000 squares, all on spawn."""
import multiprocessing as mp
import time
from concurrent.futures import ProcessPoolExecutor


def nothing():
    pass


def square(x):
    return x * x


def double(x):
    return x * 2


def rate(seconds, body):
    calls, start = 0, time.perf_counter()
    while time.perf_counter() - start < seconds:
        body()
        calls += 1
    return calls / (time.perf_counter() - start)


def start_join(ctx):
    p = ctx.Process(target=nothing)
    p.start()
    p.join()


if __name__ == "__main__":
    spawn = mp.get_context("spawn")
    print(f"cpython_spawn_process_start_join {rate(5, lambda: start_join(spawn)):.2f}")
    forkserver = mp.get_context("forkserver")
    start_join(forkserver)
    print(f"cpython_forkserver_process_start_join {rate(5, lambda: start_join(forkserver)):.2f}")
    with ProcessPoolExecutor(4, mp_context=spawn) as ex:
        for i in range(100):
            ex.submit(double, i).result()
        print(f"cpython_spawn_executor_submit_result {rate(5, lambda: ex.submit(double, 1).result()):.1f}")
    items = list(range(200_000))
    with spawn.Pool(4) as pool:
        pool.map(square, items)
        print(f"cpython_spawn_pool_map {rate(5, lambda: pool.map(square, items)):.2f}")
