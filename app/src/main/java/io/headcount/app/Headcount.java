package io.headcount.app;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The one command-line entry point, {@code bin/headcount}. */
@Command(
        name = "headcount",
        mixinStandardHelpOptions = true,
        versionProvider = Headcount.Version.class,
        description = "Anonymous audience analytics from camera streams, robust to face masks.",
        subcommands = {
            RunCommand.class,
            DemoCommand.class,
            BrokerCommand.class,
            GatewayCommand.class,
            InferCommand.class,
            TopicsCommand.class,
            AggregateCommand.class,
            EvalCommand.class,
            ModelsCommand.class,
            AugmentCommand.class,
            TrainHeadCommand.class,
            BenchCommand.class,
            ScoreCommand.class,
            ReplayCommand.class,
            CompareCommand.class,
            CommandLine.HelpCommand.class
        })
public final class Headcount {

    public static void main(String[] args) {
        System.exit(new CommandLine(new Headcount()).execute(args));
    }

    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String version = Headcount.class.getPackage().getImplementationVersion();
            return new String[] {
                "headcount " + (version == null ? "(development build)" : version)
            };
        }
    }
}
