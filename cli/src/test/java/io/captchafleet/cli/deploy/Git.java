package io.captchafleet.cli.deploy;

import java.io.IOException;
import java.util.concurrent.TimeUnit;

/** What git says about the checkout: only whether it ignores a path (secrets must never be committed). */
final class Git {
    private Git() {
    }

    /** Whether {@code .gitignore} ignores this path (relative to the repository), whether it exists or not. */
    static boolean ignores(String relative) {
        try {
            Process p = new ProcessBuilder("git", "check-ignore", "-q", "--no-index", relative).directory(Repo.ROOT.toFile())
                    .redirectErrorStream(true).start();
            p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("git check-ignore did not answer within 30 s");
            }
            if (p.exitValue() > 1) {
                throw new AssertionError("git check-ignore " + relative + " failed with exit code " + p.exitValue());
            }
            return p.exitValue() == 0;
        } catch (IOException e) {
            throw new AssertionError("Cannot run git to check .gitignore: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AssertionError(e);
        }
    }
}
