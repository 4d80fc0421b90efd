package io.captchafleet.cli.fleet;

import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Starts {@code captcha-fleet} subcommands as child JVMs from the real jar: the one given by the system
 * property {@value #JAR_PROPERTY} (the failsafe tests set it), else the jar this class was loaded from
 * ({@code captcha-fleet bench}). Their logs go to one folder, a file per process name. Immutable.
 *
 * @param java   the java executable (the one running this JVM)
 * @param jar    the captcha-fleet jar
 * @param logDir where each child's standard error is appended
 */
public record JarLauncher(Path java, Path jar, Path logDir) {
    public static final String JAR_PROPERTY = "captchaFleet.jar";

    /**
     * @throws IllegalStateException when no jar can be found (running from classes without the property)
     */
    public static JarLauncher locate(Path logDir) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        String given = System.getProperty(JAR_PROPERTY);
        Path jar = given != null ? Path.of(given) : ownJar();
        if (jar == null || !Files.isRegularFile(jar)) {
            throw new IllegalStateException("Cannot find captcha-fleet.jar (" + (jar == null ? "running from classes" : jar + " is missing")
                    + "): build it with 'mvn package' and set -D" + JAR_PROPERTY + "=PATH");
        }
        try {
            Files.createDirectories(logDir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException("Cannot create the log folder " + logDir, e);
        }
        return new JarLauncher(java, jar.toAbsolutePath(), logDir);
    }

    private static Path ownJar() {
        try {
            Path source = Path.of(JarLauncher.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return source.toString().endsWith(".jar") ? source : null;
        } catch (URISyntaxException | SecurityException e) {
            return null;
        }
    }

    /** Runs {@code java <jvmOptions> -jar captcha-fleet.jar <args>}; standard error goes to {@code <logDir>/<name>.log}. */
    public ChildProcess start(String name, List<String> jvmOptions, Map<String, String> env, List<String> args) {
        return start(name, jvmOptions, env, Set.of(), args);
    }

    /** As {@link #start(String, List, Map, List)}, with the variables named in {@code unset} left out of the child's environment. */
    public ChildProcess start(String name, List<String> jvmOptions, Map<String, String> env, Set<String> unset,
                              List<String> args) {
        List<String> command = new ArrayList<>();
        command.add(java.toString());
        command.addAll(jvmOptions);
        command.add("-jar");
        command.add(jar.toString());
        command.addAll(args);
        return ChildProcess.start(name, command, env, unset, logDir.resolve(name + ".log"));
    }
}
