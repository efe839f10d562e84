package ppacer.cli;

import java.io.PrintWriter;
import java.nio.charset.Charset;
import java.nio.file.Path;
import ppacer.cli.command.Cli;
import ppacer.cli.command.CliContext;
import ppacer.cli.node.Lifecycle;

/** The {@code ppacer} launcher's entry point; see {@code ppacer --help}. */
public final class Main {
    private Main() {
    }

    /**
     * Runs a command and exits with its code.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        Charset cs = System.console() != null ? System.console().charset() : Charset.defaultCharset();
        PrintWriter out = new PrintWriter(System.out, true, cs);
        CliContext ctx = new CliContext(System.getenv(), Path.of("").toAbsolutePath(), out,
                new PrintWriter(System.err, true, cs), Lifecycle.untilSignal(out));
        System.exit(Cli.execute(args, ctx));
    }
}
