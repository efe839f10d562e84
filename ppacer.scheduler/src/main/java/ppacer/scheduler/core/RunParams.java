package ppacer.scheduler.core;

import java.util.Optional;

/**
 * The one check of run parameters and its limits, used by every way of triggering a run (the Java
 * API and the HTTP route, which hands the parameters to the Java API): one JSON object, at most
 * {@value #MAX_BYTES} bytes of UTF-8 and {@value #MAX_DEPTH} levels of nesting (the object itself
 * is level 1), since tasks and UIs parse them again.
 */
public final class RunParams {
    /** The most UTF-8 bytes a run's parameters may take. */
    public static final int MAX_BYTES = 256 * 1024;
    /** The deepest nesting of objects and arrays accepted, counting the outer object as 1. */
    public static final int MAX_DEPTH = 32;

    private RunParams() {
    }

    /**
     * @param json the parameters' JSON text
     * @return what is wrong with them, naming the limit and the value, or empty when they are valid
     */
    public static Optional<String> problem(String json) {
        if (json == null) {
            return Optional.of("parameters are null; expected a JSON object");
        }
        int bytes = utf8Length(json);
        if (bytes > MAX_BYTES) {
            return Optional.of("parameters take " + bytes + " bytes; the limit is " + MAX_BYTES + " bytes");
        }
        return Optional.ofNullable(Json.objectError(json, MAX_DEPTH));
    }

    private static int utf8Length(String s) {
        int n = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c < 0x80) {
                n++;
            } else if (c < 0x800) {
                n += 2;
            } else if (Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1))) {
                n += 4;
                i++;
            } else {
                n += 3;
            }
        }
        return n;
    }
}
