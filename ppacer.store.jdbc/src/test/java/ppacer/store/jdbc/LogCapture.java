package ppacer.store.jdbc;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.SimpleFormatter;

/** Captures every JUL record (System.Logger, Hikari through slf4j-jdk14, drivers) while open. */
final class LogCapture extends Handler implements AutoCloseable {
    private static final List<String> LOUD = List.of("", "ppacer", "com.zaxxer", "io.helidon");
    private final List<String> lines = new ArrayList<>();
    private final List<Level> saved = new ArrayList<>();
    private final SimpleFormatter formatter = new SimpleFormatter();

    LogCapture() {
        setLevel(Level.ALL);
        for (String name : LOUD) {
            Logger l = Logger.getLogger(name);
            saved.add(l.getLevel());
            l.setLevel(name.isEmpty() ? Level.INFO : Level.ALL);
        }
        Logger.getLogger("").addHandler(this);
    }

    @Override
    public synchronized void publish(LogRecord r) {
        lines.add(formatter.format(r));
    }

    @Override
    public void flush() {
    }

    synchronized String text() {
        return String.join("\n", lines);
    }

    @Override
    public void close() {
        Logger.getLogger("").removeHandler(this);
        for (int i = 0; i < LOUD.size(); i++) {
            Logger.getLogger(LOUD.get(i)).setLevel(saved.get(i));
        }
    }

    static String everything(Throwable t) {
        StringWriter w = new StringWriter();
        t.printStackTrace(new PrintWriter(w));
        return w + "\n" + t;
    }
}
