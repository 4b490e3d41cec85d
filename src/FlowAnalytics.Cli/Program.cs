using System.CommandLine;
using FlowAnalytics.Cli.Commands;

namespace FlowAnalytics.Cli;

/// <summary>The <c>flowanalytics</c> command: composition of the engine's stages, nothing more.</summary>
public static class Program
{
    /// <summary>Runs the command line and returns the exit code (see <see cref="ExitCodes"/>).</summary>
    public static Task<int> Main(string[] args) => BuildRoot().Parse(args).InvokeAsync();

    /// <summary>The root command with every subcommand, also used by tests to parse option lines.</summary>
    public static RootCommand BuildRoot()
    {
        var root = new RootCommand(
            "FlowAnalytics: per-AZ traffic, rejects, TCP health, latency and cost of VPC interface endpoints, from VPC Flow Logs.");
        root.Subcommands.Add(RunCommand.Create());
        root.Subcommands.Add(InspectCommand.Create());
        root.Subcommands.Add(MergeCommand.Create());
        root.Subcommands.Add(ReportCommand.Create());
        root.Subcommands.Add(SampleCommand.Create());
        return root;
    }
}
