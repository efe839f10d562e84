package ppacer.cli.client;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A plain-text table: columns padded to their widest cell, the last column unpadded. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();

    /** @param headers the column titles */
    public Table(String... headers) {
        this.headers = List.of(headers);
    }

    /**
     * @param cells one cell per column (null prints as "-")
     * @return this table
     */
    public Table row(Object... cells) {
        if (cells.length != headers.size()) {
            throw new IllegalArgumentException("Row has " + cells.length + " cells, table has " + headers.size()
                    + " columns " + headers + ": " + Arrays.toString(cells));
        }
        rows.add(Arrays.stream(cells).map(c -> c == null ? "-" : c.toString()).toList());
        return this;
    }

    /** @param out where to print */
    public void print(PrintWriter out) {
        int[] width = new int[headers.size()];
        for (int i = 0; i < width.length; i++) {
            width[i] = headers.get(i).length();
            for (List<String> r : rows) {
                width[i] = Math.max(width[i], r.get(i).length());
            }
        }
        line(out, headers, width);
        for (List<String> r : rows) {
            line(out, r, width);
        }
        out.flush();
    }

    private static void line(PrintWriter out, List<String> cells, int[] width) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < cells.size(); i++) {
            if (i == cells.size() - 1) {
                b.append(cells.get(i));
            } else {
                b.append(cells.get(i)).append(" ".repeat(width[i] - cells.get(i).length() + 2));
            }
        }
        out.println(b.toString().stripTrailing());
    }
}
