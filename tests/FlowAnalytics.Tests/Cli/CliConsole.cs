using FlowAnalytics.Cli;

namespace FlowAnalytics.Tests.Cli;

/// <summary>
/// Tests that swap <see cref="Console.Out"/> and <see cref="Console.Error"/> to read what a command
/// printed. The console is process-wide, so these run alone, never beside another test.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class ConsoleCollection
{
    public const string Name = "Console redirection";
}

/// <summary>Invokes the command line in-process with the console captured.</summary>
internal static class CliConsole
{
    public static async Task<CliResult> InvokeAsync(params string[] args)
    {
        TextWriter originalOut = Console.Out;
        TextWriter originalError = Console.Error;
        var output = new StringWriter();
        var error = new StringWriter();
        Console.SetOut(output);
        Console.SetError(error);
        try
        {
            int exitCode = await Program.BuildRoot().Parse(args).InvokeAsync();
            return new CliResult(exitCode, output.ToString(), error.ToString());
        }
        finally
        {
            Console.SetOut(originalOut);
            Console.SetError(originalError);
        }
    }
}

/// <summary>What a command returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Output, string Error)
{
    public override string ToString() => $"exit {ExitCode}\nstdout:\n{Output}\nstderr:\n{Error}";
}
