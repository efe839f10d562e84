package ppacer.scheduler.core;

import java.util.ArrayDeque;
import java.util.PriorityQueue;

/**
 * The ready entries of one DAG in {@link QueuedTask#ORDER}: a priority heap plus a sorted run.
 *
 * <p>An entry not before the last one of the run is appended to the run in O(1); any other goes to
 * the heap in O(log n). Taking compares the two heads. Tasks mostly become ready in topological
 * order (a fan-out releases its children in order, a chain one at a time), so most entries use the
 * run and taking stays O(1) however many entries wait; the heap keeps arbitrary orders correct.
 * The order handed out is the same as that of one heap.
 */
final class ReadyEntries {
    private final ArrayDeque<QueuedTask> run = new ArrayDeque<>();
    private final PriorityQueue<QueuedTask> heap = new PriorityQueue<>(QueuedTask.ORDER);

    void add(QueuedTask t) {
        QueuedTask last = run.peekLast();
        if (last == null || QueuedTask.ORDER.compare(t, last) >= 0) {
            run.addLast(t);
        } else {
            heap.add(t);
        }
    }

    /** @return the first entry, or null when empty */
    QueuedTask peek() {
        QueuedTask r = run.peekFirst();
        QueuedTask h = heap.peek();
        if (r == null) {
            return h;
        }
        return h == null || QueuedTask.ORDER.compare(r, h) <= 0 ? r : h;
    }

    /** @return the first entry, removed, or null when empty */
    QueuedTask poll() {
        QueuedTask r = run.peekFirst();
        QueuedTask h = heap.peek();
        if (r == null) {
            return heap.poll();
        }
        return h == null || QueuedTask.ORDER.compare(r, h) <= 0 ? run.pollFirst() : heap.poll();
    }
}
