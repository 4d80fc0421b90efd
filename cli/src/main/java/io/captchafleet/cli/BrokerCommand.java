package io.captchafleet.cli;

import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.Callable;

import io.captchafleet.common.InputException;
import io.captchafleet.sandbox.broker.BrokerOptions;
import io.captchafleet.sandbox.broker.BrokerStartException;
import io.captchafleet.sandbox.broker.EmbeddedKafkaBroker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code captcha-fleet broker}: the embedded single-node Kafka broker in the foreground. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Run an embedded single-node Kafka broker (KRaft) in the foreground until Ctrl-C or SIGTERM."
                + " A restart on the same --data-dir keeps topics, offsets and transactions.")
final class BrokerCommand implements Callable<Integer>, Service {
    @Spec
    CommandSpec spec;

    @Option(names = "--data-dir", paramLabel = "DIR", defaultValue = ".captcha-fleet",
            description = "Where the broker keeps its data (default: ${DEFAULT-VALUE}).")
    Path dataDir;

    @Option(names = "--port", paramLabel = "PORT", defaultValue = "9092",
            description = "Loopback port for clients; 0 picks a free one (default: ${DEFAULT-VALUE}).")
    int port;

    @Option(names = "--config", paramLabel = "KEY=VALUE", mapFallbackValue = "",
            description = "A Kafka broker setting (repeatable), e.g. group.initial.rebalance.delay.ms=3000. The broker's"
                    + " listeners, node id, roles and data directory are its own and cannot be set.")
    Map<String, String> config = new LinkedHashMap<>();

    @Option(names = "--die-with-parent", hidden = true,
            description = "Stop when the parent process ends (for test and benchmark harnesses).")
    boolean dieWithParent;

    @Override
    public Integer call() throws InterruptedException {
        if (port < 0 || port > 65535) {
            throw new InputException("Invalid value " + port + " for --port: must be 0 to 65535");
        }
        config.forEach(BrokerCommand::checkSetting);
        EmbeddedKafkaBroker broker;
        try {
            broker = EmbeddedKafkaBroker.start(BrokerOptions.builder().dataDir(dataDir.toAbsolutePath()).port(port)
                    .overrides(config).build());
        } catch (BrokerStartException e) {
            throw new InputException(e.getMessage(), e);
        }
        Foreground.runUntilStopped(spec, "broker", broker::close, dieWithParent,
                "Kafka broker ready at " + broker.bootstrapServers() + " (data in " + broker.dataDir() + ")",
                "Stop it with Ctrl-C.");
        return 0;
    }

    private static void checkSetting(String key, String value) {
        if (key.isEmpty() || value.isEmpty()) {
            throw new InputException("Invalid value " + key + "=" + value + " for --config: expected KEY=VALUE, both non-empty");
        }
        if (!EmbeddedKafkaBroker.isBrokerSetting(key)) {
            throw new InputException("Invalid value " + key + "=" + value + " for --config: " + key + " is not a Kafka broker"
                    + " setting");
        }
        if (EmbeddedKafkaBroker.isOwnSetting(key)) {
            throw new InputException("Invalid value " + key + "=" + value + " for --config: the embedded broker sets " + key
                    + " itself (one node on loopback, data in --data-dir)");
        }
    }
}
