package ppacer.cli.command;

import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The options an unknown one may stand for: picocli suggests only the most similar names by letter
 * pairs, so {@code --prot} gets {@code --protect-reads} but not {@code --port}. These are the options
 * it is a prefix of, and those one typo away (a letter added, dropped, changed or two swapped).
 */
final class OptionSuggestions {
    private OptionSuggestions() {
    }

    /**
     * @param unknown the unknown option, such as {@code --prot}
     * @param spec the command it was given to
     * @return the options it may stand for, shortest first within each kind (prefix, then typo)
     */
    static List<String> of(String unknown, CommandSpec spec) {
        String arg = unknown.contains("=") ? unknown.substring(0, unknown.indexOf('=')) : unknown;
        Set<String> prefixed = new LinkedHashSet<>();
        Set<String> typos = new LinkedHashSet<>();
        for (OptionSpec o : spec.options()) {
            for (String name : o.names()) {
                if (name.startsWith(arg) && !name.equals(arg)) {
                    prefixed.add(name);
                } else if (distance(arg, name) == 1) {
                    typos.add(name);
                }
            }
        }
        Set<String> all = new LinkedHashSet<>();
        prefixed.stream().sorted((a, b) -> Integer.compare(a.length(), b.length())).forEach(all::add);
        typos.stream().sorted((a, b) -> Integer.compare(a.length(), b.length())).forEach(all::add);
        return List.copyOf(all);
    }

    /** The optimal string alignment distance: insertions, deletions, substitutions, adjacent swaps. */
    static int distance(String a, String b) {
        int[][] d = new int[a.length() + 1][b.length() + 1];
        for (int i = 0; i <= a.length(); i++) {
            d[i][0] = i;
        }
        for (int j = 0; j <= b.length(); j++) {
            d[0][j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
                if (i > 1 && j > 1 && a.charAt(i - 1) == b.charAt(j - 2) && a.charAt(i - 2) == b.charAt(j - 1)) {
                    d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
                }
            }
        }
        return d[a.length()][b.length()];
    }
}
