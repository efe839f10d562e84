package ppacer.examples;

import java.util.List;
import java.util.stream.IntStream;
import ppacer.api.Dag;
import ppacer.api.Node;
import ppacer.api.Task;
import ppacer.api.TaskContext;

/**
 * {@code fan_out}: dynamic task mapping, triggered by hand:
 * <pre>
 * list_files ── process_file[0..N-1] ── summarise
 * </pre>
 * {@code list_files} outputs the files to process (2 to 5 of them, by the minute of the logical
 * time); {@code process_file} is mapped over that list ({@link Node#mapOver(String)}): it runs once
 * per file, as {@code process_file[0]}, {@code process_file[1]}, ..., each reading its file with
 * {@link TaskContext#mapItem(Class)} and outputting its (pretend) row count; {@code summarise} reads
 * every instance's count as one list ({@link TaskContext#inputList(String, Class)}) and outputs the
 * total.
 */
final class FanOutDag {
    static final String ID = "fan_out";

    private FanOutDag() {
    }

    /** The files of a run: 2 to 5, by the minute of its logical time. */
    static List<String> files(TaskContext ctx) {
        int n = 2 + (int) Math.floorMod(ctx.logicalTime().getEpochSecond() / 60, 4L);
        return IntStream.range(0, n).mapToObj(i -> "inbox/orders-" + (char) ('a' + i) + ".csv").toList();
    }

    /** The (pretend) rows of a file: ten per character of its name. */
    static int rows(String file) {
        return 10 * file.length();
    }

    static Dag dag() {
        Node list = Node.of(Task.of("list_files", ctx -> {
            List<String> files = files(ctx);
            ctx.logger().info("Found " + files.size() + " files: " + files);
            ctx.output(files);
        }));
        Node process = Node.of(Task.of("process_file", ctx -> {
            String file = ctx.mapItem(String.class);
            ctx.logger().info("Processing " + file + " (instance " + ctx.mapIndex().getAsInt() + ")");
            ctx.output(rows(file));
        })).mapOver("list_files");
        Node summarise = Node.of(Task.of("summarise", ctx -> {
            List<Integer> rows = ctx.inputList("process_file", Integer.class);
            int total = rows.stream().mapToInt(Integer::intValue).sum();
            ctx.logger().info(rows.size() + " files, " + total + " rows in all");
            ctx.output(total);
        }));
        list.then(process).then(summarise);
        return Dag.builder(ID)
                .description("Dynamic task mapping, triggered by hand: list files, process each in its own task"
                        + " instance, summarise their row counts")
                .tags(ExampleDags.TAG, "mapping")
                .root(list)
                .build();
    }
}
