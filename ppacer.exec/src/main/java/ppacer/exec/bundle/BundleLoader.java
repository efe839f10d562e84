package ppacer.exec.bundle;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.module.Configuration;
import java.lang.module.FindException;
import java.lang.module.ModuleDescriptor;
import java.lang.module.ModuleFinder;
import java.lang.module.ModuleReference;
import java.lang.module.ResolutionException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.jar.JarFile;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import ppacer.api.DagRegistry;
import ppacer.api.DagSource;

/**
 * Loads a DAG bundle, a modular jar or a folder of modular jars providing {@link DagSource}, into
 * its own child {@link ModuleLayer} of the boot layer. Its modules may require only each other,
 * {@code ppacer.api}, {@code ppacer.tasks} and the JDK's modules; strong encapsulation keeps every
 * other package of the image (the scheduler's, the executor's) out of its reach, and its own class
 * loader keeps other bundles out. Stateless and thread-safe.
 */
public final class BundleLoader {
    /** The image's modules a bundle may require, besides the JDK's ({@code java.*}, {@code jdk.*}). */
    public static final Set<String> VISIBLE_MODULES = Set.of("ppacer.api", "ppacer.tasks");

    /** Creates a loader. */
    public BundleLoader() {
    }

    /**
     * @param jarOrFolder a bundle's jar or folder
     * @return its name: the file name without {@code .jar}, or the folder's name
     */
    public static String nameOf(Path jarOrFolder) {
        String file = jarOrFolder.toAbsolutePath().normalize().getFileName().toString();
        return file.endsWith(".jar") ? file.substring(0, file.length() - ".jar".length()) : file;
    }

    /**
     * Loads a bundle under the name {@link #nameOf(Path)} gives.
     *
     * @param jarOrFolder the jar or folder of jars
     * @return the loaded bundle
     * @throws BundleException when it is refused, naming the jar and the cause
     */
    public LoadedBundle load(Path jarOrFolder) {
        return load(nameOf(jarOrFolder), jarOrFolder);
    }

    /**
     * Loads a bundle.
     *
     * @param name its name
     * @param jarOrFolder the jar or folder of jars
     * @return the loaded bundle
     * @throws BundleException when it is refused, naming the jar and the cause
     */
    public LoadedBundle load(String name, Path jarOrFolder) {
        return load(name, jarOrFolder, jarOrFolder.toString());
    }

    /**
     * Loads a bundle whose errors name where it came from rather than where it lies (an upload, a
     * file of the DAG folder copied to the content folder).
     *
     * @param name its name
     * @param jarOrFolder the jar or folder of jars
     * @param origin what refusal messages name, e.g. the uploaded or watched file
     * @return the loaded bundle
     * @throws BundleException when it is refused, naming the origin and the cause
     */
    public LoadedBundle load(String name, Path jarOrFolder, String origin) {
        List<Path> jars = jars(jarOrFolder, origin);
        BundleHash hash;
        try {
            hash = BundleHash.of(jarOrFolder);
        } catch (UncheckedIOException e) {
            throw refused(origin, "it cannot be read: " + e.getCause().getMessage(), e);
        }
        for (Path jar : jars) {
            requireModularJar(jar, origin);
        }
        ModuleFinder finder = ModuleFinder.of(jars.toArray(Path[]::new));
        Set<ModuleReference> modules;
        try {
            modules = finder.findAll();
        } catch (FindException e) {
            throw refused(origin, "it cannot be read as modules: " + e.getMessage(), e);
        }
        Set<String> names = new TreeSet<>();
        for (ModuleReference ref : modules) {
            ModuleDescriptor d = ref.descriptor();
            if (d.isAutomatic()) {
                throw refused(origin, "it is not modular: " + ref.location().map(Object::toString).orElse(d.name())
                        + " has no module-info.class (a bundle's jars declare 'module ... { requires ppacer.api;"
                        + " provides ppacer.api.DagSource with ...; }')", null);
            }
            if (ModuleLayer.boot().findModule(d.name()).isPresent()) {
                throw refused(origin, "it contains module '" + d.name() + "', which the image already has", null);
            }
            names.add(d.name());
        }
        for (ModuleReference ref : modules) {
            for (ModuleDescriptor.Requires r : ref.descriptor().requires()) {
                String n = r.name();
                boolean visible = names.contains(n) || VISIBLE_MODULES.contains(n) || n.startsWith("java.")
                        || n.startsWith("jdk.");
                if (!visible && ModuleLayer.boot().findModule(n).isPresent()) {
                    throw refused(origin, "module '" + ref.descriptor().name() + "' requires '" + n
                            + "', which bundles cannot see (only ppacer.api, ppacer.tasks, the JDK and the bundle's own"
                            + " modules)", null);
                }
            }
        }
        Configuration cf;
        try {
            cf = ModuleLayer.boot().configuration().resolve(finder, ModuleFinder.of(), names);
        } catch (ResolutionException | FindException e) {
            throw refused(origin, "a dependency is missing or conflicts: " + e.getMessage(), e);
        }
        ModuleLayer layer;
        try {
            layer = ModuleLayer.defineModulesWithOneLoader(cf, List.of(ModuleLayer.boot()),
                    ClassLoader.getPlatformClassLoader()).layer();
        } catch (LayerInstantiationException e) {
            throw refused(origin, "its modules cannot be defined: " + e.getMessage(), e);
        }
        return new LoadedBundle(name, hash, jarOrFolder, layer, dags(origin, layer));
    }

    private static DagRegistry dags(String origin, ModuleLayer layer) {
        Thread current = Thread.currentThread();
        ClassLoader before = current.getContextClassLoader();
        List<DagSource> sources = new ArrayList<>();
        try {
            current.setContextClassLoader(layer.modules().iterator().next().getClassLoader());
            ServiceLoader.load(layer, DagSource.class).stream()
                    .filter(p -> p.type().getModule().getLayer() == layer)
                    .forEach(p -> sources.add(p.get()));
            if (sources.isEmpty()) {
                throw refused(origin, "it provides no ppacer.api.DagSource (declare 'provides ppacer.api.DagSource"
                        + " with ...;' in its module-info)", null);
            }
            return DagRegistry.fromSources(sources);
        } catch (ServiceConfigurationError e) {
            throw refused(origin, "its DagSource cannot be created: " + e.getMessage(), e);
        } catch (BundleException e) {
            throw e;
        } catch (RuntimeException | LinkageError e) {
            throw refused(origin, "its DAGs are invalid: " + e, e);
        } finally {
            current.setContextClassLoader(before);
        }
    }

    private static List<Path> jars(Path jarOrFolder, String origin) {
        if (Files.isDirectory(jarOrFolder)) {
            try {
                List<Path> jars = BundleHash.jars(jarOrFolder);
                if (jars.isEmpty()) {
                    throw refused(origin, "the folder holds no .jar file", null);
                }
                return jars;
            } catch (IOException e) {
                throw refused(origin, "it cannot be listed: " + e.getMessage(), e);
            }
        }
        if (!Files.isRegularFile(jarOrFolder)) {
            throw refused(origin, "no such jar or folder", null);
        }
        return List.of(jarOrFolder);
    }

    /**
     * Refuses, before the module system is asked (whose message about a jar named by its hash is
     * obscure), a file that is not a jar and a jar without {@code module-info.class}.
     */
    private static void requireModularJar(Path jar, String origin) {
        try (JarFile f = new JarFile(jar.toFile())) {
            boolean modular = f.stream().map(ZipEntry::getName).anyMatch(n -> n.equals("module-info.class")
                    || (n.startsWith("META-INF/versions/") && n.endsWith("/module-info.class")));
            if (!modular) {
                throw refused(origin, "it is not modular: " + jar.getFileName() + " has no module-info.class (a bundle's"
                        + " jars declare 'module ... { requires ppacer.api; provides ppacer.api.DagSource with ...; }')", null);
            }
        } catch (ZipException e) {
            throw refused(origin, "it is not a jar (zip) file: " + e.getMessage(), e);
        } catch (IOException e) {
            throw refused(origin, "it cannot be read: " + e.getMessage(), e);
        }
    }

    private static BundleException refused(String origin, String cause, Throwable e) {
        return new BundleException("Bundle " + origin + " refused: " + cause, e);
    }
}
