package io.captchafleet.cli.deploy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** What git says about the checkout: whether it ignores a path (secrets must never be committed), and which files it tracks. */
final class Git {
    private Git() {
    }

    /** Whether {@code .gitignore} ignores this path (relative to the repository), whether it exists or not. */
    static boolean ignores(String relative) {
        Result r = run("check-ignore", "-q", "--no-index", relative);
        if (r.exitCode() > 1) {
            throw new AssertionError("git check-ignore " + relative + " failed with exit code " + r.exitCode());
        }
        return r.exitCode() == 0;
    }

    /** The files git tracks (committed or added), relative to the repository. */
    static List<String> trackedFiles() {
        Result r = run("ls-files", "-z");
        if (r.exitCode() != 0) {
            throw new AssertionError("git ls-files failed with exit code " + r.exitCode());
        }
        return List.of(r.output().split("\0"));
    }

    private record Result(int exitCode, String output) {
    }

    private static Result run(String... args) {
        List<String> command = new ArrayList<>(List.of("git"));
        command.addAll(List.of(args));
        try {
            Process p = new ProcessBuilder(command).directory(Repo.ROOT.toFile()).redirectErrorStream(true).start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git " + args[0] + " did not answer within 30 s");
            }
            return new Result(p.exitValue(), output);
        } catch (IOException e) {
            throw new AssertionError("Cannot run git " + args[0] + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
