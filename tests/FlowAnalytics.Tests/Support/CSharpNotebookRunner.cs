using System.Reflection;
using FlowAnalytics.Analysis;
using FlowAnalytics.Inventory;
using FlowAnalytics.Parquet;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Scripting;
using Microsoft.CodeAnalysis.Scripting;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Tests.Support;

/// <summary>
/// Runs a .NET notebook's C# cells in order in one Roslyn script state, as the Polyglot C# kernel does
/// (it is Roslyn scripting too), with the kernel's default imports. <c>#r "nuget: …"</c> and
/// <c>#i</c> lines are the notebook's way to get the packages; here the same assemblies are
/// referenced directly, so a cell runs against the code of this build.
/// </summary>
internal static class CSharpNotebookRunner
{
    private static readonly Assembly[] References =
        [typeof(SummaryFrames).Assembly, typeof(DataFrame).Assembly, typeof(EndpointInventory).Assembly, typeof(SummaryParquetReader).Assembly];

    /// <summary>Each cell's printed text and the text of its value (null when it has none). Call under <see cref="Cli.ConsoleCollection"/>.</summary>
    public static async Task<List<(string Printed, string? Result)>> RunAsync(IReadOnlyList<string> cells)
    {
        ScriptOptions options = ScriptOptions.Default
            .WithLanguageVersion(LanguageVersion.Latest)
            .AddReferences(References)
            .AddImports("System", "System.IO", "System.Linq", "System.Collections.Generic", "System.Threading.Tasks", "System.Text");
        var outputs = new List<(string, string?)>();
        ScriptState<object>? state = null;
        TextWriter console = Console.Out;
        foreach (string cell in cells)
        {
            string code = string.Join('\n', cell.Split('\n').Select(line => line.TrimStart().StartsWith("#r \"nuget:", StringComparison.Ordinal) || line.TrimStart().StartsWith("#i \"nuget:", StringComparison.Ordinal) ? string.Empty : line));
            using var printed = new StringWriter();
            Console.SetOut(printed);
            try
            {
                state = state is null ? await CSharpScript.RunAsync(code, options) : await state.ContinueWithAsync(code, options);
            }
            catch (CompilationErrorException e)
            {
                throw new InvalidOperationException($"A notebook cell no longer compiles against the API:\n{cell}\n{string.Join('\n', e.Diagnostics)}", e);
            }
            finally
            {
                Console.SetOut(console);
            }

            outputs.Add((printed.ToString(), state.ReturnValue is { } value ? Format(value) : null));
        }

        return outputs;
    }

    private static string Format(object value) => value switch
    {
        DataFrame frame => TextTable.Format(frame),
        _ => value.ToString() ?? string.Empty,
    };
}
