package dev.coprocessing.examples.process

import dev.coprocessing.examples.Example

/** The seed programs about processes, in the order the seeds teach them. */
object ProcessExamples {
    val all: List<Example> = listOf(
        Example("first-process", "000 processes", "start() does not wait: the main process prints first") { firstProcess() },
        Example("join-blocks", "000 processes", "join() waits for the child: 'main' comes after 'end'") { joinBlocks() },
        Example("ten-processes", "000 processes", "ten children in any order, then 'hahhahaha' after every join") { tenProcesses() },
        Example("daemon", "000 processes", "daemon son1 stops when the main body ends; son2 prints 5 times") { daemonSons() },
        Example("is-alive", "000 processes", "isAlive() while a child runs") { isAlive() },
        Example("terminate", "000 processes", "terminate() is asynchronous: alive right after it, gone later") { terminate() },
        Example("class-servers", "000 processes", "Process subclasses with run(), one a daemon") { classServers() },
        Example("data-isolation", "000 processes", "children share memory here; copy to isolate, share on purpose") { dataIsolation() },
        Example("emperor-and-consort", "002 daemons", "a daemon with a 50 s life ends with the 3 s main body") { emperorAndConsort() },
        Example("buy-fruit-join-each", "003 join", "join each buyer in turn") { buyFruitJoinEach() },
        Example("buy-fruit-join-all", "003 join", "start all, then join all: the longest trip, not the sum") { buyFruitJoinAll() },
        Example("buy-fruit-serial", "003 join", "start+join in one loop makes it serial") { buyFruitSerial() },
        Example("process-info", "004 processes", "pid, ppid, isAlive() right after terminate()") { processInfo() },
        Example("five-subclassed", "004 processes", "the subclass way, five at a time") { fiveSubclassed() },
        Example("emperor-and-stewards", "004 daemons", "a normal child outlives the main body, a daemon does not") { emperorAndStewards() },
        Example("tcp-per-client", "003/004 processes", "a TCP server on 127.0.0.1 with a process per client", virtualTime = false) {
            tcpPerClient()
        },
    )
}
