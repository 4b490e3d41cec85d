using FlowAnalytics.Aggregation;
using FlowAnalytics.Parquet;
using Microsoft.Data.Analysis;

namespace FlowAnalytics.Analysis.Cost;

/// <summary>The <c>cost</c> table: <see cref="EndpointAzCost"/> rows with the output tables' types, as a table, a DataFrame or a Parquet file.</summary>
public static class CostTable
{
    /// <summary>The table's name, and its folder under an output directory.</summary>
    public const string Name = "cost";

    /// <summary>The rows as a <see cref="SummaryTable"/> (strings, INT64 bytes, DOUBLE hours, GB and USD).</summary>
    public static SummaryTable ToTable(IReadOnlyList<EndpointAzCost> costs)
    {
        ArgumentNullException.ThrowIfNull(costs);
        int rows = costs.Count;
        SummaryColumn Strings(string name, Func<EndpointAzCost, string?> value) => Fill(SummaryColumn.Create(name, SummaryColumnType.String, rows), c => c.StringValues!, costs, value);
        SummaryColumn Doubles(string name, Func<EndpointAzCost, double> value) => Fill(SummaryColumn.Create(name, SummaryColumnType.Double, rows), c => c.DoubleValues!, costs, c => (double?)value(c));
        return new SummaryTable(Name, rows,
        [
            Strings("account_id", c => c.AccountId),
            Strings("region", c => c.Region),
            Strings("vpc_endpoint_id", c => c.VpcEndpointId),
            Strings("service_name", c => c.ServiceName),
            Strings("az_id", c => c.AzId),
            Strings("eni_id", c => c.EniId),
            Fill(SummaryColumn.Create("observed_bytes", SummaryColumnType.Int64, rows), c => c.Int64Values!, costs, c => (long?)c.ObservedBytes),
            Doubles("observed_hours", c => c.ObservedHours),
            Doubles("monthly_gb", c => c.MonthlyGb),
            Doubles("endpoint_hour_usd", c => c.EndpointHourUsd),
            Doubles("hours_usd_per_month", c => c.HoursUsd),
            Doubles("processing_usd_per_month", c => c.ProcessingUsd),
            Doubles("total_usd_per_month", c => c.TotalUsd),
        ]);
    }

    /// <summary>The rows as a DataFrame with the table's columns.</summary>
    public static DataFrame ToFrame(IReadOnlyList<EndpointAzCost> costs) => SummaryFrames.ToFrame([ToTable(costs)]);

    /// <summary>Writes <c>&lt;output&gt;/cost/part-00000.parquet</c> atomically (replacing an earlier estimate) and returns its path.</summary>
    public static async Task<string> WriteAsync(IReadOnlyList<EndpointAzCost> costs, string outputDirectory, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(outputDirectory);
        SummaryTable table = ToTable(costs);
        string path = Path.Combine(outputDirectory, Name, "part-00000.parquet");
        await AtomicFile.WriteAsync(path, (stream, ct) => SummaryParquetWriter.WriteAsync(table, stream, ct), cancellationToken).ConfigureAwait(false);
        return path;
    }

    private static SummaryColumn Fill<T>(SummaryColumn column, Func<SummaryColumn, T[]> values, IReadOnlyList<EndpointAzCost> costs, Func<EndpointAzCost, T> value)
    {
        T[] target = values(column);
        for (int i = 0; i < costs.Count; i++)
        {
            target[i] = value(costs[i]);
        }

        return column;
    }
}
