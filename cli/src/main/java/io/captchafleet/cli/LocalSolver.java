package io.captchafleet.cli;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import io.captchafleet.common.InputException;
import io.captchafleet.common.provider.ProviderProfile;
import io.captchafleet.common.provider.ProviderProfiles;
import io.captchafleet.sandbox.simulator.Faults;
import io.captchafleet.sandbox.simulator.InvalidSettingException;
import io.captchafleet.sandbox.simulator.Latency;
import io.captchafleet.sandbox.simulator.SimulatorSettings;
import io.captchafleet.worker.solver.ApiKey;
import io.captchafleet.worker.solver.Pingback;
import io.captchafleet.worker.solver.SolverSettings;
import picocli.CommandLine.ParseResult;

/**
 * Which solver {@code local} uses, chosen and checked before anything starts: the built-in simulator
 * when no provider is named, else the named provider with its key, never the simulator in its place.
 * Flags that belong to the other choice are refused, not ignored. Immutable; used from the command's thread.
 */
final class LocalSolver {
    private static final String WITHOUT_PROVIDER = " Without --provider, local solves with the built-in simulator.";

    /** Where in the state directory the simulator keeps its tasks, so a rerun polls what a killed run paid for. */
    static final String SIMULATOR_DIR = "simulator";

    private final SolverOptions options;
    private final Optional<SimulatorSettings.Builder> simulator;
    private final ProviderProfile profile;
    private final ApiKey key;
    private final Optional<String> notice;

    private LocalSolver(SolverOptions options, Optional<SimulatorSettings.Builder> simulator, ProviderProfile profile, ApiKey key,
                        Optional<String> notice) {
        this.options = options;
        this.simulator = simulator;
        this.profile = profile;
        this.key = key;
        this.notice = notice;
        options.settings(profile, key, Optional.empty()); // every solver flag checked now, not when the fleet is up
    }

    /**
     * @param typed what was typed on the command line (the simulator's flags count only when typed: they have defaults)
     * @throws InputException naming the flag or the variable that is wrong or missing
     */
    static LocalSolver choose(SolverOptions options, String simLatency, String simFaults, ParseResult typed, Map<String, String> env) {
        if (options.providerNamed()) {
            for (String simFlag : new String[] {"--sim-latency", "--sim-faults"}) {
                if (typed.hasMatchedOption(simFlag)) {
                    throw new InputException(simFlag + " is for the built-in simulator, which local does not use with --provider "
                            + options.provider);
                }
            }
            ProviderProfile profile = options.profile();
            if (!options.hasKey(env)) {
                throw new InputException("No API key for --provider " + options.provider + ": " + ApiKey.HOW_TO_GIVE + "."
                        + WITHOUT_PROVIDER);
            }
            return new LocalSolver(options, Optional.empty(), profile, options.apiKey(env), Optional.empty());
        }
        if (options.solverUrl != null) {
            throw new InputException("--solver-url needs --provider: name the API its server speaks (custom for any"
                    + " 2captcha-compatible server)." + WITHOUT_PROVIDER);
        }
        if (options.apiKeyFile != null) {
            throw new InputException("--api-key-file needs --provider: name the provider the key is for, e.g. --provider "
                    + SolverOptions.DEFAULT_PROVIDER + "." + WITHOUT_PROVIDER);
        }
        String unused = ApiKey.fromEnvironment(env).isPresent() ? " (the API key in the environment is not used)" : "";
        return new LocalSolver(options, Optional.of(simulatorSettings(simLatency, simFaults)), ProviderProfiles.byName("custom"),
                ApiKey.of("simulated"), Optional.of("No --provider: solving with the built-in simulator" + unused + ". Its tokens are"
                + " SIMULATED and worthless outside tests; name --provider (with CAPTCHA_API_KEY or --api-key-file) to solve for real."));
    }

    /** What the user should know before the run: that it solves with the simulator. */
    Optional<String> notice() {
        return notice;
    }

    /**
     * The simulator's settings when it is the one chosen, keeping its tasks in the state directory (so a rerun
     * polls what a killed run paid for); {@link LocalFleet#start} starts it beside the broker.
     */
    Optional<SimulatorSettings> simulatorSettings(Path stateDir) {
        return simulator.map(s -> s.stateDir(stateDir.resolve(SIMULATOR_DIR)).build());
    }

    /** The settings of the solver client to use: the fleet's simulator when it solves, else the named provider. */
    SolverSettings settings(LocalFleet fleet, Optional<Pingback> pingback) {
        ProviderProfile used = fleet.simulator().map(s -> profile.withBaseUrl(s.baseUrl())).orElse(profile);
        return options.settings(used, key, pingback);
    }

    /** The simulator's settings as the flags give them, checked now; the state directory is added at start. */
    private static SimulatorSettings.Builder simulatorSettings(String latency, String faults) {
        try {
            SimulatorSettings.Builder b = SimulatorSettings.builder().latency(Latency.parse(latency));
            if (!faults.isBlank()) {
                b.faults(Faults.parse(faults));
            }
            b.build();
            return b;
        } catch (InvalidSettingException e) {
            String flag = e.setting().startsWith("fault") ? "--sim-faults" : "--sim-latency";
            throw new InputException("Invalid value " + e.value() + " for " + flag + ": " + e.reason(), e);
        }
    }
}
