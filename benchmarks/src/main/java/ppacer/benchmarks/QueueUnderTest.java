package ppacer.benchmarks;

import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.PriorityBlockingQueue;
import java.util.concurrent.locks.ReentrantLock;
import ppacer.scheduler.core.QueuedTask;
import ppacer.scheduler.core.TaskQueue;

/**
 * The queues compared by {@link TaskQueueBenchmark}, behind one non-blocking offer/take pair.
 * Only {@link TaskQueue} honours priorities, due times and running limits; the others are the
 * baselines (FIFO, or a plain priority heap by {@link QueuedTask#ORDER}).
 */
public sealed interface QueueUnderTest {
    /** @param t the entry @return false when full */
    boolean offer(QueuedTask t);

    /** @return the next entry, or null when none can be handed out */
    QueuedTask take();

    /** The queue kinds, the {@code @Param} of the benchmark. */
    enum Kind {
        /** ppacer's TaskQueue: take = poll + release (the running slot ends), as a scheduler does per attempt. */
        TASK_QUEUE,
        /** {@link ArrayBlockingQueue}: one lock, FIFO, fixed array. */
        ARRAY_BLOCKING,
        /** {@link PriorityBlockingQueue} ordered by {@link QueuedTask#ORDER}. */
        PRIORITY_BLOCKING,
        /** A {@link ReentrantLock} around an {@link ArrayDeque}: the Go original's SimpleQueue (put/pop). */
        LOCKED_LIST;

        QueueUnderTest create(int capacity, InstantSource clock) {
            return switch (this) {
                case TASK_QUEUE -> new Ppacer(new TaskQueue(capacity, Integer.MAX_VALUE, dag -> Integer.MAX_VALUE, clock));
                case ARRAY_BLOCKING -> new Jdk(new ArrayBlockingQueue<>(capacity));
                case PRIORITY_BLOCKING -> new Jdk(new PriorityBlockingQueue<>(capacity, QueuedTask.ORDER));
                case LOCKED_LIST -> new LockedList(capacity);
            };
        }
    }

    /** ppacer's queue; a take also releases the running slot so that limits never bind. */
    record Ppacer(TaskQueue queue) implements QueueUnderTest {
        @Override
        public boolean offer(QueuedTask t) {
            return queue.offer(t);
        }

        @Override
        public QueuedTask take() {
            QueuedTask t = queue.poll().orElse(null);
            if (t != null) {
                queue.release(t.dagId());
            }
            return t;
        }
    }

    /** A j.u.c. blocking queue used through offer/poll. */
    record Jdk(java.util.concurrent.BlockingQueue<QueuedTask> queue) implements QueueUnderTest {
        @Override
        public boolean offer(QueuedTask t) {
            return queue.offer(t);
        }

        @Override
        public QueuedTask take() {
            return queue.poll();
        }
    }

    /** Mutex-guarded list with put/pop, like ppacer-go's {@code ds.SimpleQueue}. */
    final class LockedList implements QueueUnderTest {
        private final ReentrantLock lock = new ReentrantLock();
        private final ArrayDeque<QueuedTask> items;
        private final int capacity;

        LockedList(int capacity) {
            this.capacity = capacity;
            this.items = new ArrayDeque<>(capacity);
        }

        @Override
        public boolean offer(QueuedTask t) {
            lock.lock();
            try {
                if (items.size() >= capacity) {
                    return false;
                }
                items.addLast(t);
                return true;
            } finally {
                lock.unlock();
            }
        }

        @Override
        public QueuedTask take() {
            lock.lock();
            try {
                return items.pollFirst();
            } finally {
                lock.unlock();
            }
        }
    }
}
