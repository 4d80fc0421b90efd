package io.captchafleet.cli;

import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import picocli.AutoComplete;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code captcha-fleet completion bash|zsh}: the shell completion script picocli generates from the
 * command line itself, so it always knows every command and flag of this version. The script is for
 * bash; zsh runs it through its bash completion layer ({@code bashcompinit}), which the script loads.
 */
@Command(name = "completion", mixinStandardHelpOptions = true,
        description = "Print a completion script for bash or zsh. Load it in the current shell with"
                + " 'source <(captcha-fleet completion bash)', or put it in your shell's completion directory (see the README).")
final class CompletionCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "SHELL", description = "bash or zsh.")
    String shell;

    @Override
    public Integer call() {
        if (!shell.equals("bash") && !shell.equals("zsh")) {
            throw new InputException("Invalid value " + shell + " for SHELL: must be bash or zsh");
        }
        spec.commandLine().getOut().print(AutoComplete.bash(spec.root().name(), spec.root().commandLine()));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
