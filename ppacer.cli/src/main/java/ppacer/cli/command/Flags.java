package ppacer.cli.command;

import java.util.Map;
import ppacer.cli.settings.Setting;

/** Collects the flags that were given. */
final class Flags {
    private Flags() {
    }

    static void put(Map<Setting, String> flags, Setting setting, String value) {
        if (value != null) {
            flags.put(setting, value);
        }
    }
}
