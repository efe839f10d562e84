package ppacer.otel;

import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A real OTLP/HTTP endpoint for the tests: a JDK HTTP server on a free loopback port taking
 * {@code POST /v1/traces} (protobuf {@code ExportTraceServiceRequest}), answering 200 with an empty
 * {@code ExportTraceServiceResponse}. It reads just the fields the tests check, by the field numbers of
 * opentelemetry-proto: the resource's {@code service.name}, and each span's ids, parent and name.
 */
final class OtlpReceiver implements AutoCloseable {
    /** A span as received. */
    record Received(String service, String traceId, String spanId, String parentSpanId, String name) {
    }

    private final HttpServer server;
    private final List<Received> spans = new CopyOnWriteArrayList<>();
    private final AtomicInteger requests = new AtomicInteger();
    private final List<String> refused = new CopyOnWriteArrayList<>();

    OtlpReceiver() throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.setExecutor(Executors.newVirtualThreadPerTaskExecutor());
        server.createContext("/", ex -> {
            String type = ex.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(ex.getRequestMethod()) || !"/v1/traces".equals(ex.getRequestURI().getPath())
                    || !"application/x-protobuf".equals(type)) {
                refused.add(ex.getRequestMethod() + " " + ex.getRequestURI() + " " + type);
                ex.sendResponseHeaders(404, -1);
                ex.close();
                return;
            }
            byte[] body = ex.getRequestBody().readAllBytes();
            requests.incrementAndGet();
            spans.addAll(decode(body));
            ex.getResponseHeaders().add("Content-Type", "application/x-protobuf");
            ex.sendResponseHeaders(200, -1);
            ex.close();
        });
        server.start();
    }

    /** @return the base URL, as {@code tracing.endpoint} */
    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** @return the spans received so far */
    List<Received> spans() {
        return List.copyOf(spans);
    }

    /** @return the export requests received */
    int requests() {
        return requests.get();
    }

    /** @return requests that were not OTLP/HTTP protobuf trace exports */
    List<String> refused() {
        return List.copyOf(refused);
    }

    @Override
    public void close() {
        server.stop(0);
    }

    // --- a minimal protobuf reader: varint, 64-bit, length-delimited and 32-bit wire types ---

    /** One field of a message: its number and, for a length-delimited one, its bytes. */
    private record Field(int number, byte[] bytes) {
    }

    private static List<Field> fields(byte[] b) {
        List<Field> out = new ArrayList<>();
        int[] pos = {0};
        while (pos[0] < b.length) {
            long tag = varint(b, pos);
            int wire = (int) (tag & 7);
            int number = (int) (tag >>> 3);
            switch (wire) {
                case 0 -> {
                    varint(b, pos);
                    out.add(new Field(number, null));
                }
                case 1 -> {
                    pos[0] += 8;
                    out.add(new Field(number, null));
                }
                case 2 -> {
                    int len = (int) varint(b, pos);
                    byte[] v = java.util.Arrays.copyOfRange(b, pos[0], pos[0] + len);
                    pos[0] += len;
                    out.add(new Field(number, v));
                }
                case 5 -> {
                    pos[0] += 4;
                    out.add(new Field(number, null));
                }
                default -> throw new IllegalArgumentException("unexpected protobuf wire type " + wire + " at " + pos[0]);
            }
        }
        return out;
    }

    private static long varint(byte[] b, int[] pos) {
        long v = 0;
        for (int shift = 0; ; shift += 7) {
            byte x = b[pos[0]++];
            v |= (long) (x & 0x7f) << shift;
            if ((x & 0x80) == 0) {
                return v;
            }
        }
    }

    private static List<Received> decode(byte[] request) {
        List<Received> out = new ArrayList<>();
        HexFormat hex = HexFormat.of();
        for (Field resourceSpans : fields(request)) { // ExportTraceServiceRequest.resource_spans = 1
            String service = "";
            List<byte[]> scopes = new ArrayList<>();
            for (Field f : fields(resourceSpans.bytes())) {
                if (f.number() == 1) { // ResourceSpans.resource
                    for (Field attr : fields(f.bytes())) { // Resource.attributes = 1 (KeyValue)
                        if (attr.number() == 1) {
                            String key = "";
                            String value = "";
                            for (Field kv : fields(attr.bytes())) {
                                if (kv.number() == 1) {
                                    key = new String(kv.bytes(), StandardCharsets.UTF_8);
                                } else if (kv.number() == 2) { // AnyValue.string_value = 1
                                    for (Field any : fields(kv.bytes())) {
                                        if (any.number() == 1) {
                                            value = new String(any.bytes(), StandardCharsets.UTF_8);
                                        }
                                    }
                                }
                            }
                            if (key.equals("service.name")) {
                                service = value;
                            }
                        }
                    }
                } else if (f.number() == 2) { // ResourceSpans.scope_spans
                    scopes.add(f.bytes());
                }
            }
            for (byte[] scope : scopes) {
                for (Field s : fields(scope)) {
                    if (s.number() != 2) { // ScopeSpans.spans = 2
                        continue;
                    }
                    String trace = "";
                    String span = "";
                    String parent = "";
                    String name = "";
                    for (Field f : fields(s.bytes())) {
                        switch (f.number()) {
                            case 1 -> trace = hex.formatHex(f.bytes());
                            case 2 -> span = hex.formatHex(f.bytes());
                            case 4 -> parent = hex.formatHex(f.bytes());
                            case 5 -> name = new String(f.bytes(), StandardCharsets.UTF_8);
                            default -> { }
                        }
                    }
                    out.add(new Received(service, trace, span, parent, name));
                }
            }
        }
        return out;
    }
}
