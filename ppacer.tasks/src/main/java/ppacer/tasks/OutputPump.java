package ppacer.tasks;

import java.io.IOException;
import java.io.Reader;
import java.util.function.Consumer;

/**
 * Reads a process stream line by line on its own virtual thread and hands each line on. Lines are
 * cut at {@link #MAX_LINE_CHARS} so that output without line breaks cannot fill the heap.
 */
final class OutputPump {
    /** Longest line handed on; a longer one is split. */
    static final int MAX_LINE_CHARS = 8192;

    private OutputPump() {
    }

    /**
     * Starts pumping {@code in} to {@code sink} until end of stream.
     *
     * @param name the thread name
     * @param in the stream, closed at the end
     * @param sink receives each line without its terminator
     * @return the pumping thread, finished at end of stream
     */
    static Thread start(String name, Reader in, Consumer<String> sink) {
        return Thread.ofVirtual().name(name).start(() -> pump(in, sink));
    }

    static void pump(Reader in, Consumer<String> sink) {
        StringBuilder line = new StringBuilder();
        char[] buf = new char[4096];
        try (in) {
            int n;
            boolean afterCr = false;
            boolean afterSplit = false;
            while ((n = in.read(buf)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buf[i];
                    if (c == '\n' && afterCr) {
                        afterCr = false;
                        continue; // the LF of a CR LF
                    }
                    afterCr = c == '\r';
                    if (c == '\n' || c == '\r') {
                        if (!afterSplit) {
                            flush(line, sink);
                        } // else: the end of a line already handed on when it was cut
                        afterSplit = false;
                    } else {
                        afterSplit = false;
                        line.append(c);
                        if (line.length() == MAX_LINE_CHARS) {
                            flush(line, sink);
                            afterSplit = true;
                        }
                    }
                }
            }
        } catch (IOException e) {
            // The stream closes under us when the process is killed: what was read is kept.
        } finally {
            if (!line.isEmpty()) {
                flush(line, sink);
            }
        }
    }

    private static void flush(StringBuilder line, Consumer<String> sink) {
        sink.accept(line.toString());
        line.setLength(0);
    }
}
