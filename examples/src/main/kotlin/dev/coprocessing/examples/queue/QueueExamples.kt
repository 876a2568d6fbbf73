package dev.coprocessing.examples.queue

import dev.coprocessing.examples.Example

/** The seed programs about queue, in the order the seeds teach them. */
object QueueExamples {
    val all: List<Example> = listOf(
        Example(name = "queue-eval", seed = "000 queue", summary = "a child's eval results come back through a queue, in FIFO order") { evalQueue() },
        Example(name = "queue-bounded", seed = "000 queue", summary = "Queue(3): put blocks when full, putNowait/getNowait raise Full/Empty") { boundedQueue() },
        Example(name = "queue-batch", seed = "001 queue", summary = "10 putters and 10 getters share a Queue(3); each message is got once") { batchPutGet() },
        Example(name = "producer-consumer", seed = "001 queue", summary = "1 producer, 1 consumer, a null sentinel ends the consumer") { producerConsumerSentinel() },
        Example(name = "producer-consumer-2x2", seed = "001 queue", summary = "2 producers, 2 consumers, one null sentinel per consumer") { producerConsumerTwoByTwo() },
        Example(name = "joinable-kitchen", seed = "001 queue", summary = "JoinableQueue: cooks join() until daemon eaters taskDone() every dish") { joinableKitchen() },
        Example(name = "pipe-ping", seed = "001 pipe", summary = "a child sends on one end of a Pipe, the parent receives on the other") { pipePing() },
        Example(name = "pipe-sentinel", seed = "001 pipe", summary = "20 messages down a pipe, then a null marker stops the reader") { pipeSentinel() },
        Example(name = "pipe-eof", seed = "001 pipe", summary = "closing the sending end makes recv() raise EOFException") { pipeEof() },
        Example(name = "pipe-producer-consumer", seed = "001 pipe", summary = "producer and consumer processes over a pipe, ended by EOF") { pipeProducerConsumer() },
        Example(name = "cook-and-eater", seed = "002 queue", summary = "Queue(3) between a fast cook and a slow eater; get with a timeout") { cookAndEater() },
        Example(name = "lifo-priority", seed = "003 queue", summary = "Queue, LifoQueue and PriorityQueue: three orders") { lifoAndPriority() },
        Example(name = "queue-api", seed = "004 queue", summary = "put/get with timeouts, empty, full, getNowait") { queueApi() },
        Example(name = "queue-between-processes", seed = "004 queue", summary = "parent<->child and child<->child through a queue") { queueBetweenProcesses() },
        Example(name = "producer-consumer-hangs", seed = "004 queue", summary = "version 1: consumers would wait forever; here they give up after 10 s") { producerConsumerHangs() },
        Example(name = "producer-consumer-over", seed = "004 queue", summary = "version 2: an \"over\" marker per producer stops the consumers") { producerConsumerOver() },
        Example(name = "producer-consumer-joinable", seed = "004 queue", summary = "version 3: JoinableQueue and daemon consumers") { producerConsumerJoinable() },
        Example(name = "pipe-producer-consumer-004", seed = "004 pipe", summary = "the main process sends 5 portions, a child eats them until EOF") { pipeProducerConsumer004() },
    )
}
