package ppacer.store.tck;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static ppacer.store.tck.Fixtures.ETL;
import static ppacer.store.tck.Fixtures.key;
import static ppacer.store.tck.Fixtures.t;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.api.spi.AttemptKey;
import ppacer.api.spi.LogPage;
import ppacer.api.spi.TaskLogRecord;

/** Contract of {@link ppacer.api.spi.TaskLogStore}. */
public interface LogStoreContract extends StoreUnderTest {
    /** Records keep their append order (even at one instant) and page with a total. */
    @Test
    default void logs_keep_order_and_page_with_total() {
        long run = newRun(ETL, t(0));
        AttemptKey k = key(run, "extract", 0);
        List<TaskLogRecord> all = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            all.add(new TaskLogRecord(k, t(i / 10), i % 3 == 0 ? "ERROR" : "INFO", "line " + (24 - i) + " ünï \"q\"",
                    "{\"i\":" + i + "}"));
        }
        store().taskLogs().append(all.subList(0, 10));
        store().taskLogs().append(all.subList(10, 25));
        store().taskLogs().append(List.of(new TaskLogRecord(key(run, "extract", 1), t(50), "INFO", "other attempt", "{}")));
        store().taskLogs().append(List.of());
        assertEquals(new LogPage(all, 25), store().taskLogs().read(k, 0, 100));
        assertEquals(new LogPage(all.subList(0, 10), 25), store().taskLogs().read(k, 0, 10));
        assertEquals(new LogPage(all.subList(20, 25), 25), store().taskLogs().read(k, 20, 10));
        assertEquals(new LogPage(List.of(), 25), store().taskLogs().read(k, 30, 10));
        assertEquals(1, store().taskLogs().read(key(run, "extract", 1), 0, 10).total());
        assertEquals(new LogPage(List.of(), 0), store().taskLogs().read(key(run, "load", 0), 0, 10));
    }
}
