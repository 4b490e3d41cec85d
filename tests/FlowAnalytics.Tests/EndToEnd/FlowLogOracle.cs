using System.IO.Compression;
using System.Text;
using System.Text.RegularExpressions;
using FlowAnalytics.Tests.Parquet;
using FlowAnalytics.Tests.Support;

namespace FlowAnalytics.Tests.EndToEnd;

/// <summary>One raw flow-log object as the oracle sees it, read without the engine.</summary>
/// <param name="Path">The absolute path (also DuckDB's <c>filename</c> for it).</param>
/// <param name="Header">The first line: the field names of the file.</param>
/// <param name="Lines">Every line of the decompressed text.</param>
/// <param name="HeaderLines">Lines equal to the header (the first, and any repeated later).</param>
/// <param name="Arrival">The file's mtime in Unix seconds: the arrival time for delivery lag.</param>
internal sealed record RawFlowLogFile(string Path, string Header, long Lines, long HeaderLines, long Arrival);

/// <summary>
/// Loads raw gzip flow logs and the inventory JSON into DuckDB and runs
/// <c>EndpointTrafficOracle.sql</c>, which computes the expected <c>endpoint_traffic</c> rows
/// (<c>expected_endpoint_traffic</c>) and per-ENI totals (<c>expected_eni_totals</c>) without any
/// engine code.
/// </summary>
internal static partial class FlowLogOracle
{
    /// <summary>The script, read from the source tree (the test project copies nothing to its output).</summary>
    public static string ScriptPath =>
        Path.Combine(RepositoryPaths.Root, "tests", "FlowAnalytics.Tests", "EndToEnd", "EndpointTrafficOracle.sql");

    // The columns the script uses, with their DuckDB types; a file whose format lacks one gives NULL.
    private static readonly (string Name, string Type)[] UsedColumns =
    [
        ("filename", "VARCHAR"), ("interface-id", "VARCHAR"), ("srcaddr", "VARCHAR"), ("dstaddr", "VARCHAR"),
        ("packets", "BIGINT"), ("bytes", "BIGINT"), ("start", "BIGINT"), ("end", "BIGINT"), ("action", "VARCHAR"),
        ("log-status", "VARCHAR"), ("tcp-flags", "INTEGER"), ("flow-direction", "VARCHAR"),
    ];

    /// <summary>Every <c>*.log.gz</c> below <paramref name="directory"/>, decompressed once to count lines and read the header.</summary>
    public static IReadOnlyList<RawFlowLogFile> Scan(string directory)
    {
        string[] paths = Directory.GetFiles(directory, "*.log.gz", SearchOption.AllDirectories);
        Array.Sort(paths, StringComparer.Ordinal);
        var files = new List<RawFlowLogFile>(paths.Length);
        foreach (string path in paths)
        {
            using var reader = new StreamReader(new GZipStream(File.OpenRead(path), CompressionMode.Decompress), Encoding.UTF8);
            string header = reader.ReadLine() ?? throw new InvalidDataException($"{path} is empty.");
            long lines = 1;
            long headers = 1;
            for (string? line = reader.ReadLine(); line is not null; line = reader.ReadLine())
            {
                lines++;
                headers += line == header ? 1 : 0;
            }

            long arrival = new DateTimeOffset(File.GetLastWriteTimeUtc(path), TimeSpan.Zero).ToUnixTimeSeconds();
            files.Add(new RawFlowLogFile(Path.GetFullPath(path), header, lines, headers, arrival));
        }

        return files;
    }

    /// <summary>
    /// Creates <c>raw_flow_logs</c> (one <c>read_csv</c> per distinct header, so files of different
    /// formats sit side by side) and <c>file_arrival</c>, then runs the oracle script.
    /// </summary>
    public static void Load(DuckDbQuery db, IReadOnlyList<RawFlowLogFile> files, string networkInterfaces, string vpcEndpoints, string subnets)
    {
        var view = new StringBuilder("CREATE VIEW raw_flow_logs AS\n");
        // A typed empty row set first: every used column exists even when no format has it.
        view.Append("SELECT ")
            .AppendJoin(", ", UsedColumns.Select(c => $"NULL::{c.Type} AS {Quote(c.Name)}"))
            .Append(" WHERE false\n");
        foreach (IGrouping<string, RawFlowLogFile> layout in files.GroupBy(f => f.Header))
        {
            // Explicit columns in header order: ids stay text (account ids keep leading zeros).
            string columns = string.Join(", ", layout.Key.Split(' ', StringSplitOptions.RemoveEmptyEntries)
                .Select(name => $"{DuckDbQuery.Literal(name)}: '{TypeOf(name)}'"));
            string list = string.Join(", ", layout.Select(f => DuckDbQuery.Literal(f.Path)));
            view.Append("UNION ALL BY NAME\nSELECT * FROM read_csv([").Append(list)
                .Append("], delim = ' ', header = true, nullstr = '-', auto_detect = false, filename = true, columns = {")
                .Append(columns).Append("})\n");
        }

        db.Execute(view.ToString());
        db.Execute("CREATE TABLE file_arrival (filename VARCHAR, arrival BIGINT)");
        db.Execute("INSERT INTO file_arrival VALUES " +
            string.Join(", ", files.Select(f => $"({DuckDbQuery.Literal(f.Path)}, {f.Arrival})")));

        string script = File.ReadAllText(ScriptPath)
            .Replace("{network_interfaces}", DuckDbQuery.Literal(networkInterfaces), StringComparison.Ordinal)
            .Replace("{vpc_endpoints}", DuckDbQuery.Literal(vpcEndpoints), StringComparison.Ordinal)
            .Replace("{subnets}", DuckDbQuery.Literal(subnets), StringComparison.Ordinal)
            .Replace("{window_seconds}", "300", StringComparison.Ordinal);
        foreach (string statement in StatementEnd().Split(script))
        {
            if (statement.Split('\n').Any(line => line.Trim().Length > 0 && !line.TrimStart().StartsWith("--", StringComparison.Ordinal)))
            {
                try
                {
                    db.Execute(statement);
                }
                catch (Exception e)
                {
                    throw new InvalidOperationException($"Oracle statement failed: {e.Message}\n{statement}", e);
                }
            }
        }
    }

    private static string TypeOf(string field) => UsedColumns.FirstOrDefault(c => c.Name == field).Type ?? "VARCHAR";

    private static string Quote(string name) => "\"" + name.Replace("\"", "\"\"", StringComparison.Ordinal) + "\"";

    // A statement ends with ';' at the end of a line.
    [GeneratedRegex(@";[ \t]*\r?$", RegexOptions.Multiline)]
    private static partial Regex StatementEnd();
}
