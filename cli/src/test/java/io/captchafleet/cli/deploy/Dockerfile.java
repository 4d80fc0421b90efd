package io.captchafleet.cli.deploy;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * deploy/Dockerfile as a list of build stages, each a list of instructions (continuation lines
 * joined, comments dropped; a stage built {@code FROM} an earlier one starts with that one's), enough
 * to check what the images will be without building them.
 */
final class Dockerfile {
    static final String FILE = "deploy/Dockerfile";

    record Instruction(String keyword, String arguments) {
    }

    record Stage(String from, String name, List<Instruction> instructions) {
        List<String> all(String keyword) {
            return instructions.stream().filter(i -> i.keyword().equals(keyword)).map(Instruction::arguments).toList();
        }

        Optional<String> last(String keyword) {
            List<String> found = all(keyword);
            return found.isEmpty() ? Optional.empty() : Optional.of(found.get(found.size() - 1));
        }
    }

    final List<Stage> stages = new ArrayList<>();

    Dockerfile() {
        this(Repo.read(FILE));
    }

    Dockerfile(String text) {
        StringBuilder pending = new StringBuilder();
        for (String raw : text.split("\n")) {
            String line = raw.strip();
            if (line.startsWith("#") || (line.isEmpty() && pending.length() == 0)) {
                continue;
            }
            if (line.endsWith("\\")) {
                pending.append(line, 0, line.length() - 1).append(' ');
                continue;
            }
            pending.append(line);
            add(pending.toString().strip());
            pending.setLength(0);
        }
        if (pending.length() > 0) {
            add(pending.toString().strip());
        }
    }

    private void add(String line) {
        if (line.isEmpty()) {
            return;
        }
        String[] parts = line.split("\\s+", 2);
        Instruction i = new Instruction(parts[0].toUpperCase(Locale.ROOT), parts.length > 1 ? parts[1].strip() : "");
        if (i.keyword().equals("FROM")) {
            String[] from = i.arguments().split("\\s+");
            String name = from.length >= 3 && from[1].equalsIgnoreCase("AS") ? from[2] : null;
            Optional<Stage> parent = stage(from[0]);
            // A stage built on an earlier one has that one's image and instructions, then its own.
            stages.add(parent.map(p -> new Stage(p.from(), name, new ArrayList<>(p.instructions())))
                    .orElseGet(() -> new Stage(from[0], name, new ArrayList<>())));
        } else if (stages.isEmpty()) {
            if (!i.keyword().equals("ARG")) {
                throw new AssertionError(FILE + ": " + i.keyword() + " before the first FROM");
            }
        } else {
            stages.get(stages.size() - 1).instructions().add(i);
        }
    }

    /** The last stage: the image {@code docker build} makes without {@code --target}. */
    Stage runtime() {
        return stages.get(stages.size() - 1);
    }

    /** The stage of that name ({@code --target NAME}). */
    Optional<Stage> stage(String name) {
        return stages.stream().filter(st -> name.equalsIgnoreCase(st.name())).findFirst();
    }

    /** The user id the final image runs as (the part of USER before a colon). */
    String user() {
        return runtime().last("USER").map(u -> u.split(":")[0]).orElse("root");
    }
}
