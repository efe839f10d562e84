package ppacer.loadtest;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An OTLP/HTTP endpoint that reads and drops what it is sent (answering 200), so that the burn-down with
 * {@code --tracing} pays the real cost of making, encoding and posting spans without a collector. It counts
 * the spans it receives by their name ({@code run ...}, {@code attempt ...}, others), walking the protobuf
 * request's fields without decoding the spans, so that the harness can show that every run and attempt of
 * the measured burn-down was exported (none dropped by a full queue).
 */
final class OtlpSink implements AutoCloseable {
    private static final byte[] RUN = "run ".getBytes(StandardCharsets.US_ASCII);
    private static final byte[] ATTEMPT = "attempt ".getBytes(StandardCharsets.US_ASCII);

    private final HttpServer server;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong bytes = new AtomicLong();
    private final AtomicLong runSpans = new AtomicLong();
    private final AtomicLong attemptSpans = new AtomicLong();
    private final AtomicLong otherSpans = new AtomicLong();
    private final AtomicLong unreadable = new AtomicLong();

    OtlpSink() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/v1/traces", ex -> {
            byte[] body;
            try (InputStream in = ex.getRequestBody()) {
                body = in.readAllBytes();
            }
            bytes.addAndGet(body.length);
            try {
                count(body);
            } catch (RuntimeException e) {
                unreadable.incrementAndGet();
            }
            requests.incrementAndGet();
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    /** Counts the spans of an ExportTraceServiceRequest: resource_spans (1) / scope_spans (2) / spans (2) / name (5). */
    private void count(byte[] b) {
        long run = 0;
        long attempt = 0;
        long other = 0;
        Reader request = new Reader(b, 0, b.length);
        while (request.more()) {
            int rsField = request.tag();
            if (rsField != 1) {
                request.skip();
                continue;
            }
            Reader resourceSpans = request.message();
            while (resourceSpans.more()) {
                if (resourceSpans.tag() != 2) {
                    resourceSpans.skip();
                    continue;
                }
                Reader scopeSpans = resourceSpans.message();
                while (scopeSpans.more()) {
                    if (scopeSpans.tag() != 2) {
                        scopeSpans.skip();
                        continue;
                    }
                    Reader span = scopeSpans.message();
                    int kind = 0;
                    while (span.more()) {
                        if (span.tag() == 5 && span.wire == 2) {
                            Reader name = span.message();
                            kind = name.startsWith(RUN) ? 1 : name.startsWith(ATTEMPT) ? 2 : 0;
                        } else {
                            span.skip();
                        }
                    }
                    if (kind == 1) {
                        run++;
                    } else if (kind == 2) {
                        attempt++;
                    } else {
                        other++;
                    }
                }
            }
        }
        runSpans.addAndGet(run);
        attemptSpans.addAndGet(attempt);
        otherSpans.addAndGet(other);
    }

    /** Reads protobuf fields in {@code [pos, end)} of a buffer. */
    private static final class Reader {
        private final byte[] b;
        private int pos;
        private final int end;
        private int wire;

        Reader(byte[] b, int pos, int end) {
            this.b = b;
            this.pos = pos;
            this.end = end;
        }

        boolean more() {
            return pos < end;
        }

        /** @return the next field's number (its wire type kept for {@link #skip} and {@link #message}) */
        int tag() {
            long t = varint();
            wire = (int) (t & 7);
            return (int) (t >>> 3);
        }

        long varint() {
            long v = 0;
            for (int shift = 0; shift < 64; shift += 7) {
                if (pos >= end) {
                    throw new IllegalStateException("truncated varint");
                }
                byte x = b[pos++];
                v |= (long) (x & 0x7f) << shift;
                if (x >= 0) {
                    return v;
                }
            }
            throw new IllegalStateException("malformed varint");
        }

        /** @return a reader of the length-delimited field just tagged, skipped here */
        Reader message() {
            if (wire != 2) {
                throw new IllegalStateException("wire type " + wire + " is not length-delimited");
            }
            int len = (int) varint();
            if (len < 0 || pos + len > end) {
                throw new IllegalStateException("length " + len + " past the end");
            }
            Reader r = new Reader(b, pos, pos + len);
            pos += len;
            return r;
        }

        void skip() {
            switch (wire) {
                case 0 -> varint();
                case 1 -> pos += 8;
                case 2 -> message();
                case 5 -> pos += 4;
                default -> throw new IllegalStateException("unknown wire type " + wire);
            }
        }

        boolean startsWith(byte[] prefix) {
            if (end - pos < prefix.length) {
                return false;
            }
            for (int i = 0; i < prefix.length; i++) {
                if (b[pos + i] != prefix[i]) {
                    return false;
                }
            }
            return true;
        }
    }

    /** @return its base URL */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the export requests received */
    long requests() {
        return requests.get();
    }

    /** @return the bytes received */
    long bytes() {
        return bytes.get();
    }

    /** @return the spans received named {@code run <dag>} */
    long runSpans() {
        return runSpans.get();
    }

    /** @return the spans received named {@code attempt <dag>.<task>} */
    long attemptSpans() {
        return attemptSpans.get();
    }

    /** @return the other spans received (executions, slow store writes) */
    long otherSpans() {
        return otherSpans.get();
    }

    /** @return the requests whose body did not read as an OTLP trace request */
    long unreadable() {
        return unreadable.get();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
