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
        CliContext ctx = new CliContext(System.getenv(), Path.of("").toAbsolutePath(),
                new PrintWriter(System.out, true, cs), new PrintWriter(System.err, true, cs), Lifecycle.untilShutdown());
        System.exit(Cli.execute(args, ctx));
    }
}
