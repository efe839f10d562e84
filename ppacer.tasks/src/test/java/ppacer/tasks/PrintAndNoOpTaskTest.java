package ppacer.tasks;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.lang.System.Logger.Level;
import java.util.List;
import org.junit.jupiter.api.Test;
import ppacer.testkit.RecordingContext;

class PrintAndNoOpTaskTest {
    @Test
    void print_task_logs_its_message_at_info_and_nothing_else() {
        RecordingContext ctx = new RecordingContext();
        PrintTask.of("start", "Hello, ppacer").execute(ctx);
        assertEquals(List.of(new RecordingContext.Line(Level.INFO, "Hello, ppacer")), ctx.lines());
    }

    @Test
    void noop_task_logs_nothing() {
        RecordingContext ctx = new RecordingContext();
        NoOpTask.of("join").execute(ctx);
        assertEquals(List.of(), ctx.lines());
        assertEquals("join", NoOpTask.of("join").id());
    }
}
