package ppacer.scheduler.core;

import java.util.Arrays;
import java.util.PriorityQueue;

/**
 * The ready entries of one DAG in {@link QueuedTask#ORDER}: a sorted run (an array) plus a
 * priority heap.
 *
 * <p>An entry not before the last one of the run is appended in O(1). An entry that belongs among
 * the last {@value #WINDOW} entries of the run is inserted there (a short walk back from the end,
 * then a binary search, and a shift of at most that many references); any other goes to the heap in O(log n). Taking compares the two
 * heads. Tasks mostly become ready in topological order (a fan-out releases its children in order,
 * a chain one at a time) or close to it (a trigger rule such as ONE_SUCCESS makes a task ready
 * before the other tasks of its layer), so most entries use the run and taking stays O(1) however
 * many entries wait; the heap keeps arbitrary orders correct. The order handed out is the same as
 * that of one heap.
 */
final class ReadyEntries {
    /** How far from the end of the run an entry may be inserted instead of going to the heap. */
    static final int WINDOW = 64;
    /** How many places back from the end an insert walks before it binary-searches the window. */
    private static final int WALK = 8;
    /** The run: entries {@code [head, tail)} of this array, sorted. */
    private QueuedTask[] run = new QueuedTask[16];
    private int head;
    private int tail;
    private final PriorityQueue<QueuedTask> heap = new PriorityQueue<>(QueuedTask.ORDER);

    void add(QueuedTask t) {
        if (head == tail || QueuedTask.ORDER.compare(t, run[tail - 1]) >= 0) {
            room();
            run[tail++] = t;
            return;
        }
        // t is before the last entry: walk back from the end (a near-in-order entry is one or two
        // places from it), then binary-search the rest of the window; lo ends at the first entry of
        // the window that t is before (t goes after its equals)
        int from = Math.max(head, tail - WINDOW);
        int lo = tail - 1;
        int stop = Math.max(from, tail - WALK);
        while (lo > stop && QueuedTask.ORDER.compare(t, run[lo - 1]) < 0) {
            lo--;
        }
        if (lo == stop && lo > from) { // t is before run[lo]
            int hi = lo;
            lo = from;
            while (lo < hi) {
                int mid = (lo + hi) >>> 1;
                if (QueuedTask.ORDER.compare(t, run[mid]) < 0) {
                    hi = mid;
                } else {
                    lo = mid + 1;
                }
            }
        }
        if (lo == from && from > head) { // t is before run[from]: far before the end of the run
            heap.add(t);
            return;
        }
        int shift = room();
        lo -= shift;
        System.arraycopy(run, lo, run, lo + 1, tail - lo);
        run[lo] = t;
        tail++;
    }

    /**
     * Makes room for one more entry at the end: moves the run to the start of the array, or grows
     * it when it is more than half full.
     *
     * @return how far the entries moved towards the start
     */
    private int room() {
        if (tail < run.length) {
            return 0;
        }
        int size = tail - head;
        QueuedTask[] to = size * 2 > run.length ? new QueuedTask[run.length * 2] : run;
        System.arraycopy(run, head, to, 0, size);
        if (to == run) {
            Arrays.fill(run, size, tail, null);
        }
        int moved = head;
        run = to;
        head = 0;
        tail = size;
        return moved;
    }

    /** @return the first entry, or null when empty */
    QueuedTask peek() {
        QueuedTask r = head == tail ? null : run[head];
        QueuedTask h = heap.peek();
        if (r == null) {
            return h;
        }
        return h == null || QueuedTask.ORDER.compare(r, h) <= 0 ? r : h;
    }

    /** @return the first entry, removed, or null when empty */
    QueuedTask poll() {
        QueuedTask r = head == tail ? null : run[head];
        QueuedTask h = heap.peek();
        if (r == null) {
            return heap.poll();
        }
        if (h != null && QueuedTask.ORDER.compare(r, h) > 0) {
            return heap.poll();
        }
        run[head++] = null;
        if (head == tail) {
            head = 0;
            tail = 0;
        }
        return r;
    }

    /** @return how many entries wait */
    int size() {
        return tail - head + heap.size();
    }

    @Override
    public String toString() {
        return "ReadyEntries[run " + (tail - head) + ", heap " + heap.size() + "]";
    }
}
