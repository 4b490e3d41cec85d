using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Report;

/// <summary>The tables of one output directory a report reads: endpoint_traffic (required), eni_traffic and errors (if there).</summary>
public sealed class ReportInput
{
    private ReportInput(string directory, SummaryTable endpointTraffic, DataFrame? eniTraffic, SummaryTable? errors)
    {
        Directory = directory;
        EndpointTrafficTable = endpointTraffic;
        EndpointTraffic = SummaryFrames.ToFrame([endpointTraffic]);
        EniTraffic = eniTraffic;
        Errors = errors;
    }

    /// <summary>The output directory.</summary>
    public string Directory { get; }

    /// <summary>endpoint_traffic with its sketches (for <see cref="LatencyPercentiles"/>).</summary>
    public SummaryTable EndpointTrafficTable { get; }

    /// <summary>endpoint_traffic as a DataFrame.</summary>
    public DataFrame EndpointTraffic { get; }

    /// <summary>eni_traffic as a DataFrame, or null when the output has none.</summary>
    public DataFrame? EniTraffic { get; }

    /// <summary>The errors table, or null when the output has none.</summary>
    public SummaryTable? Errors { get; }

    /// <summary>Reads the tables of <paramref name="outputDirectory"/> (a <c>run</c> or <c>merge</c> --out).</summary>
    /// <exception cref="DirectoryNotFoundException">The directory, or its endpoint_traffic table, does not exist.</exception>
    /// <exception cref="FileNotFoundException">endpoint_traffic holds no part file.</exception>
    public static async Task<ReportInput> LoadAsync(string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        if (!System.IO.Directory.Exists(outputDirectory))
        {
            throw new DirectoryNotFoundException($"No such output directory: {outputDirectory}");
        }

        string endpointDirectory = Path.Combine(outputDirectory, "endpoint_traffic");
        if (!System.IO.Directory.Exists(endpointDirectory))
        {
            throw new DirectoryNotFoundException($"{outputDirectory} has no endpoint_traffic table: pass the --out of a run or merge.");
        }

        SummaryTable endpointTraffic = await SummaryParquetReader.ReadTableAsync(endpointDirectory, cancellationToken).ConfigureAwait(false);
        DataFrame? eniTraffic = await TryLoadAsync(Path.Combine(outputDirectory, "eni_traffic"), cancellationToken).ConfigureAwait(false) is { } eni
            ? SummaryFrames.ToFrame([eni])
            : null;
        SummaryTable? errors = await TryLoadAsync(Path.Combine(outputDirectory, "errors"), cancellationToken).ConfigureAwait(false);
        return new ReportInput(outputDirectory, endpointTraffic, eniTraffic, errors);
    }

    private static async Task<SummaryTable?> TryLoadAsync(string tableDirectory, CancellationToken cancellationToken) =>
        System.IO.Directory.Exists(tableDirectory) && SummaryParquetReader.ListTableFiles(tableDirectory).Count > 0
            ? await SummaryParquetReader.ReadTableAsync(tableDirectory, cancellationToken).ConfigureAwait(false)
            : null;
}
