package io.captchafleet.cli;

import java.util.List;
import java.util.concurrent.Callable;

import io.captchafleet.cli.bench.BenchCommand;
import io.captchafleet.common.InputException;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Unmatched;

/**
 * The commands that run the embedded Kafka broker or the solver simulator (the sandbox module):
 * {@code local}, {@code simulator}, {@code bench} and {@code broker}. {@code captcha-fleet.jar} has
 * them; {@code captcha-fleet-worker.jar}, the container image's jar, leaves the sandbox out, so there
 * each of them only says where it is. Decided once, when the command line is built.
 */
final class SandboxCommands {
    /** Their names, in the order {@code --help} lists them. */
    static final List<String> NAMES = List.of("local", "simulator", "bench", "broker");

    private SandboxCommands() {
    }

    /** Whether this build holds the embedded broker and the simulator. */
    static boolean available() {
        try {
            Class.forName("io.captchafleet.sandbox.broker.EmbeddedKafkaBroker", false, SandboxCommands.class.getClassLoader());
            return true;
        } catch (ClassNotFoundException e) {
            return false;
        }
    }

    /** Adds the four commands to the root command, or hidden stand-ins that say where they are. */
    static void addTo(CommandLine root) {
        if (available()) {
            // Class literals, not instances: picocli loads each class only here, after the check.
            root.addSubcommand(LocalCommand.class);
            root.addSubcommand(SimulatorCommand.class);
            root.addSubcommand(BenchCommand.class);
            root.addSubcommand(BrokerCommand.class);
        } else {
            NAMES.forEach(name -> root.addSubcommand(name, new CommandLine(new Missing(name))));
        }
    }

    /** Refuses {@code --state-dir} where there is no embedded broker to run or reach. */
    static void requireForStateDir(Object stateDir) {
        if (!available()) {
            throw new InputException("Invalid value " + stateDir + " for --state-dir: this build (captcha-fleet-worker.jar, the"
                    + " container image's) leaves out the embedded Kafka broker; give --bootstrap-servers");
        }
    }

    /** A stand-in for a command this build leaves out: any arguments, exit code 2 and where to find it. */
    @Command(hidden = true)
    static final class Missing implements Callable<Integer> {
        private final String name;

        @Unmatched
        List<String> ignored;

        Missing(String name) {
            this.name = name;
        }

        @Override
        public Integer call() {
            throw new InputException("'" + name + "' is not in this build: captcha-fleet-worker.jar (the container image's jar) leaves"
                    + " out the embedded Kafka broker and the solver simulator. Run it from a checkout (./captcha-fleet " + name
                    + "), or from the image built with --target full.");
        }
    }
}
