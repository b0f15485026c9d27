package io.headcount.app;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What a user reads first: the command list and each command's help. */
class HelpTest {

    private final CommandLine headcount = new CommandLine(new Headcount());

    @Test
    void theCommandListShowsEachCommandsSummaryWhole() {
        String usage = headcount.getUsageMessage(CommandLine.Help.Ansi.OFF);
        for (Map.Entry<String, CommandLine> command : headcount.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            String[] header = command.getValue().getCommandSpec().usageMessage().header();
            assertThat(header).as("header of %s", command.getKey()).hasSize(1);
            assertThat(header[0]).as("summary of %s", command.getKey()).endsWith(".");
            // Wrapped to the terminal's width, the summary is still all there, sentence end
            // included.
            String lastWords = header[0].substring(Math.max(0, header[0].length() - 12));
            assertThat(usage.replaceAll("\\s+", " "))
                    .as("command list")
                    .contains(lastWords.replaceAll("\\s+", " "));
        }
    }

    @Test
    void everyCommandsHelpEndsWithAnExampleOfIt() {
        for (Map.Entry<String, CommandLine> command : headcount.getSubcommands().entrySet()) {
            if (command.getKey().equals("help")) {
                continue;
            }
            String help = command.getValue().getUsageMessage(CommandLine.Help.Ansi.OFF);
            assertThat(help).as("help of %s", command.getKey()).containsPattern("Examples?:");
            assertThat(help)
                    .as("help of %s", command.getKey())
                    .contains("bin/headcount " + command.getKey() + " ");
        }
    }
}
