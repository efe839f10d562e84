package ppacer.testkit;

import java.io.IOException;
import java.io.OutputStream;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import ppacer.api.Dag;

/**
 * Builds small jars in a test, from Java sources given as strings, with the JDK's compiler: DAG
 * bundles (modular jars providing {@code ppacer.api.DagSource}), their libraries, and broken ones.
 * Nothing binary is checked in.
 */
public final class ModularJars {
    private ModularJars() {
    }

    /**
     * Compiles sources and packs the classes in a jar. With a {@code module-info.java} among them
     * they are compiled as a module against {@code ppacer.api} and {@code modulePath}; without, on
     * the class path.
     *
     * @param jar the jar to write
     * @param sources source file path (e.g. {@code demo/Dags.java}) to content
     * @param modulePath further jars to compile against (e.g. a library bundled alongside)
     * @return {@code jar}
     * @throws IllegalStateException when compilation fails, with the compiler's messages
     */
    public static Path build(Path jar, Map<String, String> sources, List<Path> modulePath) {
        try {
            Path work = Files.createTempDirectory(jar.getParent(), "src");
            Path src = work.resolve("src");
            Path out = work.resolve("classes");
            Files.createDirectories(out);
            List<String> files = new ArrayList<>();
            for (Map.Entry<String, String> e : sources.entrySet()) {
                Path f = src.resolve(e.getKey());
                Files.createDirectories(f.getParent());
                Files.writeString(f, e.getValue());
                files.add(f.toString());
            }
            List<Path> path = new ArrayList<>(modulePath);
            path.add(location(Dag.class));
            String joined = path.stream().map(Path::toString).collect(Collectors.joining(java.io.File.pathSeparator));
            List<String> options = List.of("-d", out.toString(), "-nowarn",
                    sources.containsKey("module-info.java") ? "--module-path" : "-classpath", joined);
            JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
            StringWriter messages = new StringWriter();
            boolean ok = javac.getTask(messages, null, null, options, null,
                    javac.getStandardFileManager(null, null, null).getJavaFileObjectsFromStrings(files)).call();
            if (!ok) {
                throw new IllegalStateException("javac failed on " + jar + ":\n" + messages);
            }
            pack(out, jar);
            deleteTree(work);
            return jar;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void pack(Path classes, Path jar) throws IOException {
        try (OutputStream os = Files.newOutputStream(jar); JarOutputStream out = new JarOutputStream(os);
                Stream<Path> all = Files.walk(classes)) {
            for (Path p : all.filter(Files::isRegularFile).sorted().toList()) {
                JarEntry e = new JarEntry(classes.relativize(p).toString().replace('\\', '/'));
                e.setTime(0);
                out.putNextEntry(e);
                Files.copy(p, out);
                out.closeEntry();
            }
        }
    }

    /**
     * @param type a class
     * @return the jar or classes folder it was loaded from
     */
    public static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * The sources of a one-module DAG bundle: module {@code module} (also its package) with a
     * {@code DagSource} defining DAG {@code dagId} of one task {@code work}, whose
     * {@code execute(TaskContext ctx)} runs the given statements.
     *
     * @param module the module name (also the package)
     * @param dagId the DAG id
     * @param body the task's statements
     * @return file path to source
     */
    public static Map<String, String> dagBundle(String module, String dagId, String body) {
        return Map.of("module-info.java", "module " + module + " { requires ppacer.api; provides ppacer.api.DagSource with "
                + module + ".Dags; }",
                module.replace('.', '/') + "/Dags.java", """
                package %s;
                import java.util.List;
                import ppacer.api.*;
                public final class Dags implements DagSource {
                    public Dags() {}
                    record Work(String id) implements Task {
                        @Override public void execute(TaskContext ctx) throws Exception { %s }
                    }
                    @Override public List<Dag> dags() {
                        return List.of(Dag.builder("%s").root(Node.of(new Work("work"))).build());
                    }
                }
                """.formatted(module, body, dagId));
    }
}
