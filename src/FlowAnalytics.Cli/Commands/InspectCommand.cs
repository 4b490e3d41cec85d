using System.CommandLine;
using FlowAnalytics.Parsing;
using FlowAnalytics.Pipeline;
using FlowAnalytics.Records;
using FlowAnalytics.Sources;

namespace FlowAnalytics.Cli.Commands;

/// <summary><c>flowanalytics inspect</c>: what a flow-log file or folder holds, and what is wrong with it.</summary>
internal static class InspectCommand
{
    public static Command Create()
    {
        var paths = new Argument<string[]>("paths")
        {
            Description = "Flow-log files or directories (walked recursively; gzip or plain, detected by content).",
            Arity = ArgumentArity.OneOrMore,
        };
        var json = new Option<bool>("--json") { Description = "Print JSON (keys: files, total) instead of text." };
        var format = new Option<string?>("--format")
        {
            Description = "Field layout of files without a header line: AWS's '${version} ${account-id} …' syntax or plain names. Default: the 14-field v2 format.",
        };
        var samples = new Option<int>("--samples")
        {
            Description = "Located examples kept per error reason and file.",
            DefaultValueFactory = _ => 3,
        };

        Option<string> inflate = CommandLineValues.InflateOption();

        var command = new Command("inspect", "Detect the format of flow-log files and count their lines, records, statuses, actions and errors.")
        {
            paths, json, format, samples, inflate,
        };
        command.SetAction(async (result, cancellationToken) =>
        {
            FlowLayout layout;
            IReadOnlyList<string> files;
            GzipInflater inflater;
            _ = IsalLibrary.StartProbe();
            try
            {
                inflater = CommandLineValues.ParseInflater(result.GetValue(inflate)!);
                string? formatText = result.GetValue(format);
                layout = formatText is null ? FlowLayout.Default : FlowHeader.ParseFormat(formatText);
                files = LocalFileSource.ListFiles(result.GetValue(paths)!);
            }
            catch (Exception e) when (e is FormatException or FileNotFoundException)
            {
                await Console.Error.WriteLineAsync($"flowanalytics inspect: {e.Message}").ConfigureAwait(false);
                return ExitCodes.Usage;
            }

            var inspections = new List<FileInspection>(files.Count);
            foreach (string file in files)
            {
                inspections.Add(await FileInspector.InspectAsync(
                    file, LocalFileSource.Open(file), layout, result.GetValue(samples), inflater, cancellationToken).ConfigureAwait(false));
            }

            if (result.GetValue(json))
            {
                InspectReport.WriteJson(Console.OpenStandardOutput(), inspections);
            }
            else
            {
                InspectReport.WriteText(Console.Out, inspections);
            }

            return inspections.Exists(i => i.Failure is not null) ? ExitCodes.Rejected : ExitCodes.Ok;
        });
        return command;
    }
}
