package ppacer.scheduler.core;

import java.math.BigDecimal;
import java.time.Duration;
import ppacer.api.RetryDelay;
import ppacer.api.TaskConfig;

/**
 * The little JSON this module needs: writing a {@link TaskConfig} and checking that run parameters
 * are one JSON object (RFC 8259 grammar, validated only, never turned into objects).
 */
public final class Json {
    private Json() {
    }

    /**
     * The stored form of a task config; the notifier is not serialisable and is left out.
     *
     * @param c the config
     * @return e.g. {@code {"timeoutSeconds":0.1,"retries":2,"retryDelay":{"type":"constant","seconds":1},...}}
     */
    public static String taskConfig(TaskConfig c) {
        String delay = switch (c.retryDelay()) {
            case RetryDelay.Constant k -> "{\"type\":\"constant\",\"seconds\":" + seconds(k.delay()) + "}";
            case RetryDelay.Exponential e -> "{\"type\":\"exponential\",\"initialSeconds\":" + seconds(e.initial())
                    + ",\"multiplier\":" + number(e.multiplier()) + ",\"capSeconds\":" + seconds(e.cap())
                    + ",\"jitter\":" + number(e.jitter()) + "}";
        };
        return "{\"timeoutSeconds\":" + seconds(c.timeout()) + ",\"retries\":" + c.retries() + ",\"retryDelay\":" + delay
                + ",\"alertOnRetry\":" + c.alertOnRetry() + ",\"alertOnFailure\":" + c.alertOnFailure()
                + ",\"priorityWeight\":" + c.priorityWeight()
                + c.pool().map(p -> ",\"pool\":\"" + p + "\",\"poolSlots\":" + c.poolSlots()).orElse("") + "}";
    }

    /**
     * @param d a duration
     * @return its seconds as a plain decimal with the fraction kept ({@code 0.1}, {@code 600})
     */
    public static String seconds(Duration d) {
        return BigDecimal.valueOf(d.getSeconds()).add(BigDecimal.valueOf(d.getNano(), 9)).stripTrailingZeros()
                .toPlainString();
    }

    private static String number(double v) {
        return BigDecimal.valueOf(v).stripTrailingZeros().toPlainString();
    }

    /**
     * @param s a string
     * @return it as a JSON string literal
     */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder(s.length() + 2).append('"');
        for (int i = 0; i < s.length(); i++) {
            char ch = s.charAt(i);
            switch (ch) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (ch < 0x20) {
                        b.append(String.format("\\u%04x", (int) ch));
                    } else {
                        b.append(ch);
                    }
                }
            }
        }
        return b.append('"').toString();
    }

    /**
     * Checks that {@code text} is exactly one JSON object (run parameters: see {@link RunParams}, which
     * owns the limits).
     *
     * @param text the text
     * @param maxDepth the deepest nesting of objects and arrays accepted, the outer object being 1
     * @return null when valid, else what is wrong and where
     */
    static String objectError(String text, int maxDepth) {
        if (text == null) {
            return "parameters are null";
        }
        Parser p = new Parser(text, maxDepth);
        try {
            p.ws();
            if (p.peek() != '{') {
                return "expected a JSON object starting with '{' at offset " + p.pos;
            }
            p.value(1);
            p.ws();
            if (p.pos != text.length()) {
                return "unexpected text after the object at offset " + p.pos;
            }
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    /**
     * The items of a JSON list, each as its own JSON text (the items a mapped task's instances get,
     * {@link Expansions}); validated by the same grammar as {@link #objectError}.
     *
     * @param text the text, one JSON array
     * @param maxDepth the deepest nesting of arrays and objects accepted, the outer array being 1
     * @param maxItems the most items read: reading stops (and the count returned is {@code maxItems + 1})
     *     as soon as one more is found, so that a huge list costs no more than the limit
     * @return the items' texts, stripped of surrounding white space; at most {@code maxItems + 1}
     * @throws IllegalArgumentException when the text is not one JSON array, saying what is wrong and where
     */
    static java.util.List<String> listItems(String text, int maxDepth, int maxItems) {
        Parser p = new Parser(text, maxDepth);
        p.ws();
        if (p.peek() != '[') {
            throw new IllegalArgumentException("expected a JSON list starting with '[' at offset " + p.pos);
        }
        p.pos++;
        java.util.List<String> out = new java.util.ArrayList<>();
        p.ws();
        if (p.peek() == ']') {
            p.pos++;
        } else {
            while (true) {
                p.ws();
                int start = p.pos;
                p.value(2);
                out.add(text.substring(start, p.pos));
                if (out.size() > maxItems) {
                    return out;
                }
                p.ws();
                if (p.peek() == ',') {
                    p.pos++;
                } else {
                    p.expect(']');
                    break;
                }
            }
        }
        p.ws();
        if (p.pos != text.length()) {
            throw new IllegalArgumentException("unexpected text after the list at offset " + p.pos);
        }
        return out;
    }

    private static final class Parser {
        private final String s;
        private final int maxDepth;
        private int pos;

        Parser(String s, int maxDepth) {
            this.s = s;
            this.maxDepth = maxDepth;
        }

        char peek() {
            return pos < s.length() ? s.charAt(pos) : '\0';
        }

        void ws() {
            while (pos < s.length() && " \t\r\n".indexOf(s.charAt(pos)) >= 0) {
                pos++;
            }
        }

        IllegalArgumentException error(String what) {
            return new IllegalArgumentException("invalid JSON: " + what + " at offset " + pos);
        }

        void expect(char c) {
            if (peek() != c) {
                throw error("expected '" + c + "'");
            }
            pos++;
        }

        /** @param depth the nesting level a container starting here has (the outer object is 1) */
        void value(int depth) {
            ws();
            char c = peek();
            if ((c == '{' || c == '[') && depth > maxDepth) {
                throw new IllegalArgumentException("nesting reaches level " + depth + " at offset " + pos
                        + "; the limit is " + maxDepth + " levels");
            }
            switch (c) {
                case '{' -> {
                    pos++;
                    ws();
                    if (peek() == '}') {
                        pos++;
                        return;
                    }
                    while (true) {
                        ws();
                        string();
                        ws();
                        expect(':');
                        value(depth + 1);
                        ws();
                        if (peek() == ',') {
                            pos++;
                        } else {
                            expect('}');
                            return;
                        }
                    }
                }
                case '[' -> {
                    pos++;
                    ws();
                    if (peek() == ']') {
                        pos++;
                        return;
                    }
                    while (true) {
                        value(depth + 1);
                        ws();
                        if (peek() == ',') {
                            pos++;
                        } else {
                            expect(']');
                            return;
                        }
                    }
                }
                case '"' -> string();
                case 't' -> literal("true");
                case 'f' -> literal("false");
                case 'n' -> literal("null");
                default -> number();
            }
        }

        void literal(String word) {
            if (!s.startsWith(word, pos)) {
                throw error("expected " + word);
            }
            pos += word.length();
        }

        void string() {
            expect('"');
            while (true) {
                if (pos >= s.length()) {
                    throw error("unterminated string");
                }
                char c = s.charAt(pos++);
                if (c == '"') {
                    return;
                }
                if (c < 0x20) {
                    throw error("control character in string");
                }
                if (c == '\\') {
                    char e = peek();
                    pos++;
                    if (e == 'u') {
                        for (int i = 0; i < 4; i++) {
                            if (Character.digit(peek(), 16) < 0) {
                                throw error("bad \\u escape");
                            }
                            pos++;
                        }
                    } else if ("\"\\/bfnrt".indexOf(e) < 0 || e == '\0') {
                        throw error("bad escape");
                    }
                }
            }
        }

        void number() {
            int start = pos;
            if (peek() == '-') {
                pos++;
            }
            if (peek() == '0') {
                pos++;
            } else if (peek() >= '1' && peek() <= '9') {
                digits();
            } else {
                pos = start;
                throw error("unexpected character '" + peek() + "'");
            }
            if (peek() == '.') {
                pos++;
                if (!Character.isDigit(peek())) {
                    throw error("digit expected");
                }
                digits();
            }
            if (peek() == 'e' || peek() == 'E') {
                pos++;
                if (peek() == '+' || peek() == '-') {
                    pos++;
                }
                if (!Character.isDigit(peek())) {
                    throw error("digit expected");
                }
                digits();
            }
        }

        void digits() {
            while (peek() >= '0' && peek() <= '9') {
                pos++;
            }
        }
    }
}
